import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { NEVER, createOutboxStore, type ClaimedRow } from "../../src/store/outbox-store.js";
import { createGroup, insertRows } from "../fakes/dispatch-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);
const claimOptions = { now: T0, limit: 10, leaseMs: 60_000, platforms: ["telegram"] as const };
const keys = (rows: readonly ClaimedRow[]) => rows.map((r) => r.dedupeKey);

let db: TestDatabase;
let other: PrismaClient;
let groupId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  other = createPrismaClient(db.url, 5);
  groupId = await createGroup(db.prisma);
});
afterAll(async () => {
  await other.$disconnect();
  await db.drop();
});
beforeEach(async () => {
  await db.prisma.outboxMessage.deleteMany();
  await db.prisma.chatIdentity.deleteMany();
});

describe("claiming outbox rows", () => {
  it("claims due rows once, in due order, with a lease, and only for the platforms asked", async () => {
    await insertRows(db.prisma, groupId, [
      { key: "b", address: "1", dueAt: at(-10) },
      { key: "a", address: "2", dueAt: at(-20) },
      { key: "later", address: "3", dueAt: at(60) },
      { key: "slack", address: "C1", dueAt: at(-30), platform: "slack" },
    ]);
    const store = createOutboxStore(db.prisma);
    const rows = await store.claimDue({ ...claimOptions, workerId: "w1" });
    expect(keys(rows)).toEqual(["a", "b"]);
    expect(rows[0]).toMatchObject({ state: "sending", claimedBy: "w1", attempts: 1, previousState: "pending" });
    expect(rows[0]!.claimedUntil).toEqual(at(60));
    expect(await store.claimDue({ ...claimOptions, workerId: "w2" })).toEqual([]);
    // A crashed worker's rows come back when the lease ends.
    const taken = await store.claimDue({ ...claimOptions, now: at(60), workerId: "w2" });
    expect(keys(taken)).toEqual(["a", "b", "later"]);
    expect(taken[0]).toMatchObject({ attempts: 2, previousState: "sending" });
  });

  it("never lets two workers hold rows of one recipient out of order, even claiming at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      await db.prisma.outboxMessage.deleteMany();
      await insertRows(
        db.prisma,
        groupId,
        Array.from({ length: 10 }, (_, i) => ({ key: `m${i}`, address: "42", dueAt: at(i - 100) })),
      );
      const [a, b] = await Promise.all([
        createOutboxStore(db.prisma).claimDue({ ...claimOptions, limit: 5, workerId: "A" }),
        createOutboxStore(other).claimDue({ ...claimOptions, limit: 5, workerId: "B" }),
      ]);
      // One of them holds the recipient's earliest rows, in order (how many depends on how the two
      // claims interleave); whatever the other grabbed was given back untouched.
      const held = [a, b].filter((rows) => rows.length > 0);
      expect(held).toHaveLength(1);
      const heldKeys = keys(held[0]!);
      expect(heldKeys).toEqual(["m0", "m1", "m2", "m3", "m4"].slice(0, heldKeys.length));
      const rest = await db.prisma.outboxMessage.findMany({ where: { state: "pending" } });
      expect(rest).toHaveLength(10 - heldKeys.length);
      expect(rest.every((r) => r.attempts === 0)).toBe(true);
    }
  });

  it("keeps a recipient's later rows back while an earlier one waits for its retry, but not behind one rejected for good", async () => {
    await insertRows(db.prisma, groupId, [
      { key: "first", address: "7", dueAt: at(-30) },
      { key: "second", address: "7", dueAt: at(-20) },
      { key: "elsewhere", address: "8", dueAt: at(-10) },
    ]);
    const store = createOutboxStore(db.prisma);
    const [first] = await store.claimDue({ ...claimOptions, limit: 1, workerId: "w1" });
    expect(first?.dedupeKey).toBe("first");
    expect(await store.markRetry(first!.id, "w1", { error: "transient: 500", nextAttemptAt: at(30) })).toBe(true);
    expect(keys(await store.claimDue({ ...claimOptions, workerId: "w1" }))).toEqual(["elsewhere"]);

    const again = await store.claimDue({ ...claimOptions, now: at(30), workerId: "w1" });
    expect(keys(again)).toEqual(["first", "second"]);
    expect(await store.markFailed(again[0]!.id, "w1", { error: "rejected: 400", nextAttemptAt: NEVER })).toBe(true);
    await store.release("w1", [again[1]!]);
    expect(keys(await store.claimDue({ ...claimOptions, now: at(31), workerId: "w1" }))).toEqual(["second"]);
  });

  it("marks only rows the worker still holds, and gives back claims on shutdown", async () => {
    await insertRows(db.prisma, groupId, [
      { key: "x", address: "1", dueAt: at(-1) },
      { key: "y", address: "2", dueAt: at(-1) },
    ]);
    const store = createOutboxStore(db.prisma);
    const [x, y] = await store.claimDue({ ...claimOptions, workerId: "w1" });
    expect(await store.markSent(x!.id, "w2", { platformMessageId: "1", sentAt: T0 })).toBe(false);
    expect(await store.markSent(x!.id, "w1", { platformMessageId: "1", sentAt: T0 })).toBe(true);
    expect(await store.markSent(x!.id, "w1", { platformMessageId: "1", sentAt: T0 })).toBe(false);
    expect(await store.releaseClaims("w1")).toBe(1);
    expect(await db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: y!.id } })).toMatchObject({
      state: "pending",
      attempts: 0,
      claimedBy: null,
    });
    expect(await store.countsByState()).toEqual({
      pending: 1,
      sending: 0,
      sent: 1,
      failed: 0,
      unreachable: 0,
      cancelled: 0,
    });
  });

  it("marks an unreachable recipient's due queue and identity, and says it is news only once per outage", async () => {
    await db.prisma.chatIdentity.create({ data: { platform: "telegram", platformUserId: "9", directChatId: "9" } });
    await insertRows(db.prisma, groupId, [
      { key: "u1", address: "9", dueAt: at(-3) },
      { key: "u2", address: "9", dueAt: at(-2) },
      { key: "u-later", address: "9", dueAt: at(3_600) },
    ]);
    const store = createOutboxStore(db.prisma);
    const [u1] = await store.claimDue({ ...claimOptions, workerId: "w1" });
    const result = await store.markUnreachable(u1!.id, "w1", { error: "unreachable: 403", at: T0 });
    expect(result).toEqual({ marked: true, firstForRecipient: true, alsoMarked: 1 });
    expect((await db.prisma.chatIdentity.findFirstOrThrow()).unreachableAt).toEqual(T0);

    const [later] = await store.claimDue({ ...claimOptions, now: at(3_600), workerId: "w1" });
    expect(later?.dedupeKey).toBe("u-later");
    expect(await store.markUnreachable(later!.id, "w1", { error: "unreachable: 403", at: at(3_600) })).toMatchObject({
      marked: true,
      firstForRecipient: false,
    });

    // They came back (a message reached them), then blocked the bot again: news again.
    await insertRows(db.prisma, groupId, [
      { key: "u-back", address: "9", dueAt: at(7_000) },
      { key: "u-gone", address: "9", dueAt: at(8_000) },
    ]);
    const [back] = await store.claimDue({ ...claimOptions, now: at(7_000), workerId: "w1" });
    await store.markSent(back!.id, "w1", { platformMessageId: "5", sentAt: at(7_000) });
    const [gone] = await store.claimDue({ ...claimOptions, now: at(8_000), workerId: "w1" });
    expect(await store.markUnreachable(gone!.id, "w1", { error: "unreachable: 403", at: at(8_000) })).toMatchObject({
      firstForRecipient: true,
    });

    const undelivered = await store.failedForGroup(groupId);
    expect(undelivered.map((r) => [r.dedupeKey, r.state, r.retryAt])).toEqual([
      ["u1", "unreachable", null],
      ["u2", "unreachable", null],
      ["u-later", "unreachable", null],
      ["u-gone", "unreachable", null],
    ]);
  });
});
