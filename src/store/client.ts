import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.js";

export type { PrismaClient } from "../generated/prisma/client.js";
export { Prisma } from "../generated/prisma/client.js";

/**
 * One Prisma client per process, connected through the pg driver adapter.
 * `maxConnections` must be 1 against embedded PGlite: it is a single backend, and pooled
 * connections would interleave inside each other's transactions (../shared/STACK.md).
 */
export function createPrismaClient(connectionString: string, maxConnections = 10): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: maxConnections, connectionTimeoutMillis: 5_000 });
  return new PrismaClient({ adapter });
}
