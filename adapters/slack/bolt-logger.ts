import { LogLevel, type Logger } from "@slack/bolt";

/** Where Bolt's lines go: the adapter's log (SlackAdapterLog satisfies it). */
export interface BoltLogSink {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Bolt's logger on ours: warnings and errors only (Bolt's info lines are about its own start-up). */
export function boltLogger(log: BoltLogSink): Logger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : String(p))).join(" ");
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts: unknown[]) => log.warn({ source: "bolt" }, text(parts)),
    error: (...parts: unknown[]) => log.error({ source: "bolt" }, text(parts)),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
