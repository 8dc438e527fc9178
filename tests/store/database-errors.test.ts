import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/store/errors.js";

// Errors of statements sent through the pg driver directly (driverQuery) carry PostgreSQL's state
// or the socket's errno as `code`, not Prisma's wrapping: the same outages must be recognised.
describe("isDatabaseUnavailable, for the pg driver's own errors", () => {
  it("is true for connection, shutdown and too-many-connections states and socket errors", () => {
    for (const code of ["08006", "08001", "57P01", "57P03", "53300", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT"]) {
      expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code })), code).toBe(true);
    }
  });
  it("is false for what a retry would not fix", () => {
    for (const code of ["23505", "42601", "22P02", undefined]) {
      expect(isDatabaseUnavailable(Object.assign(new Error("x"), { code })), String(code)).toBe(false);
    }
  });
});
