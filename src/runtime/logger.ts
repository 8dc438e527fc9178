import pino, { type Logger } from "pino";
import { serializeError } from "./log-errors.js";

export type { Logger } from "pino";

/**
 * Structured JSON logs. Secrets and message bodies never reach a line: tokens are redacted by
 * path, and callers log ids and counts, not the text users wrote.
 */
export function createLogger(level: string, destination: pino.DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: { app: "zhuanban" },
      redact: {
        paths: ["*.token", "*.botToken", "*.signingSecret", "*.appToken", "*.secret", "*.password", "*.databaseUrl"],
        censor: "[redacted]",
      },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError },
    },
    destination,
  );
}
