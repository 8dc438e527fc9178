import { createHash } from "node:crypto";

/** Letters and digits that cannot be mistaken for one another when read aloud or typed (no 0/O, 1/I/L). */
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 8;

/**
 * A new invite code such as `K7QF-M2XD`: 8 symbols of a 31-letter alphabet (~40 bits), which with
 * the lock-out after 5 wrong tries makes guessing hopeless. `randomBytes` is injected for tests.
 */
export function generateInviteCode(randomBytes: (size: number) => Uint8Array): string {
  const symbols: string[] = [];
  while (symbols.length < CODE_LENGTH) {
    for (const byte of randomBytes(CODE_LENGTH * 2)) {
      // Rejection sampling keeps every symbol equally likely.
      if (byte < ALPHABET.length * Math.floor(256 / ALPHABET.length) && symbols.length < CODE_LENGTH) {
        symbols.push(ALPHABET[byte % ALPHABET.length] as string);
      }
    }
  }
  return `${symbols.slice(0, 4).join("")}-${symbols.slice(4).join("")}`;
}

/** What users type, made comparable: full-width forms, lower case, spaces and dashes do not matter. */
export function normalizeInviteCode(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[\s\-_—－]/g, "");
}

/** Only this hash is stored; the code itself is shown once, to the office that issued it. */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(normalizeInviteCode(code)).digest("hex");
}

export function looksLikeInviteCode(input: string): boolean {
  const normalized = normalizeInviteCode(input);
  return normalized.length === CODE_LENGTH && [...normalized].every((c) => ALPHABET.includes(c));
}
