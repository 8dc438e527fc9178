// Which database the environment names, read without zod: `zhuanban start` asks this before it
// loads anything heavy (zod alone is 0.1 s), to start an embedded database in its thread while the
// rest loads. config.ts reads the same two variables with the same rules (and validates them).

/** Where the embedded database lives when ZHUANBAN_DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = "./data";

/** A variable set to nothing but blanks counts as not set. */
export const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The embedded database's data directory, or null when DATABASE_URL names a server instead. */
export function embeddedDataDirOf(env: Record<string, string | undefined>): string | null {
  if (emptyToUndefined(env.DATABASE_URL) !== undefined) return null;
  return (emptyToUndefined(env.ZHUANBAN_DATA_DIR) as string | undefined) ?? DEFAULT_DATA_DIR;
}
