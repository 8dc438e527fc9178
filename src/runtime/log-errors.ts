import pino from "pino";

/**
 * How an error is written to the log. Prisma's errors quote the failed call's arguments, or the
 * database's detail with the row's values, in their message and so in their stack: a report's
 * text would reach the log. Of those only the kind, Prisma's code and the driver's error kind and
 * SQLSTATE are kept. Other errors are serialized as pino does.
 */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (!error.name.startsWith("PrismaClient")) return pino.stdSerializers.err(error);
  const code = (error as { code?: unknown }).code;
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } } }).meta;
  const cause = meta?.driverAdapterError?.cause;
  return {
    type: error.name,
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof cause?.kind === "string" ? { driverKind: cause.kind } : {}),
    ...(typeof cause?.code === "string" ? { sqlState: cause.code } : {}),
  };
}

/** An error's kind for a log line, where the message must not go (see serializeError). */
export function errorKind(error: unknown): unknown {
  return serializeError(error instanceof Error && !error.name.startsWith("PrismaClient") ? error.name : error);
}
