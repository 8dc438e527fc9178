// Restarts: where the scheduler left off is stored, and what fell due while it was down is handled
// by kind (stale reminders dropped, chases, escalations and digests sent once). The ladder of
// 2023-01-X2 is in tick.test.ts.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { catchUp, runSchedulerTick, type SchedulerDeps } from "../../src/core/scheduler/tick.js";
import { createSchedulerStore } from "../../src/store/outbox-writer.js";
import { createSchedulerLoop, type LoopTimer } from "../../src/runtime/scheduler-loop.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { bindContacts, describeRows, memoryLog, outboxRows, schedulerDeps, sh } from "./harness.js";

let db: TestDatabase;
let deps: SchedulerDeps;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindContacts(db.prisma);
  deps = schedulerDeps(db.prisma);
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  // Each scenario starts from a scheduler that never ran.
  await db.prisma.outboxMessage.deleteMany();
  await db.prisma.digest.deleteMany();
  await db.prisma.auditLog.deleteMany({ where: { entity: "scheduler" } });
});

const scheduler = () => createSchedulerStore(db.prisma);

describe("catchUp", () => {
  const now = sh("2023-01-28 10:00");
  it("covers everything after the last window up to now, inclusive", () => {
    const last = sh("2023-01-17 12:00");
    expect(catchUp(last, now)).toEqual({ from: last, to: new Date(now.getTime() + 1), now, start: "continue" });
  });
  it("starts at now on the first start ever, and when the clock is behind the last tick", () => {
    expect(catchUp(null, now)).toMatchObject({ from: now, start: "first" });
    expect(catchUp(sh("2023-02-01 00:00"), now)).toMatchObject({ from: now, start: "clock_back" });
  });
  it("goes back at most maxCatchUpMs", () => {
    const window = catchUp(sh("2022-11-01 00:00"), now, 7 * 86_400_000);
    expect(window.start).toBe("capped");
    expect(window.to.getTime() - window.from.getTime()).toBe(7 * 86_400_000);
  });
});

describe("runSchedulerTick after downtime", () => {
  it("has no backlog on the first start: what fell due before is not replayed", async () => {
    const first = await runSchedulerTick(sh("2023-01-20 18:30"), deps);
    expect(first).toMatchObject({ planned: 0, enqueued: 0 });
    expect(await scheduler().lastTick()).toEqual(new Date(sh("2023-01-20 18:30").getTime() + 1));
    // The next tick starts where the first ended: the 18:00 chase stays behind.
    const next = await runSchedulerTick(sh("2023-01-20 18:31"), deps);
    expect(next.planned).toBe(0);
    expect(await db.prisma.outboxMessage.count()).toBe(0);
  });

  it("down from 17 to 28 January: no stale reminder; the chase, escalation and digest of 2023-01-X2 once", async () => {
    await scheduler().recordTick(sh("2023-01-17 12:00"), {});
    const result = await runSchedulerTick(sh("2023-01-28 10:00"), deps);
    expect(result.skipped.stale).toBeGreaterThan(0);
    const rows = describeRows(await outboxRows(db.prisma));
    expect(rows.filter((r) => r.startsWith("reminder"))).toEqual([]);
    expect(rows).toEqual(
      [
        "chase chase 2023-01-X2 MS-01+MS-12 edu -> console:dm:c-edu",
        "chase chase 2023-01-X2 MS-02 gov-service -> telegram:dm-gov",
        "chase chase 2023-01-X2 MS-03+MS-11 hrss -> telegram:dm-hrss",
        "chase chase 2023-01-X2 MS-04+MS-13 health -> slack:U0HEALTH",
        "escalation escalation 2023-01-X2 - - -> telegram:dm-convenor",
        "escalation escalation 2023-01-X2 - - -> telegram:dm-office",
        "digest digest 2023-01-X2 - - -> console:group:minsheng",
        "digest digest 2023-01-X2 - - -> telegram:grp-minsheng",
      ].sort(),
    );
    // Late items keep their planned instant as dueAt and are sent at once.
    const chase = (await outboxRows(db.prisma, { kind: "chase" }))[0]!;
    expect(chase.dueAt).toEqual(sh("2023-01-20 18:00"));
    // Built when the bot is back, it says how late the report is by then.
    expect(JSON.stringify(chase.payload)).toMatch(/已逾期 7天|7 days late/);
    expect(await scheduler().lastTick()).toEqual(new Date(sh("2023-01-28 10:00").getTime() + 1));

    // Once: a second process replaying the same stretch, then the next tick, add nothing.
    await scheduler().recordTick(sh("2023-01-17 12:00"), {});
    const replay = await runSchedulerTick(sh("2023-01-28 10:00"), deps);
    expect(replay.enqueued).toBe(0);
    const next = await runSchedulerTick(sh("2023-01-28 10:01"), deps);
    expect(next.enqueued).toBe(0);
    expect(await db.prisma.outboxMessage.count()).toBe(rows.length);
    expect(await db.prisma.digest.count()).toBe(1);
  });

  it("down over the reminders but back before the deadline: only the latest reminder, then the rest on time", async () => {
    await scheduler().recordTick(sh("2023-01-17 12:00"), {});
    const result = await runSchedulerTick(sh("2023-01-20 16:00"), deps);
    expect(result.skipped.stale).toBe(0);
    expect(result.skipped.superseded).toBeGreaterThan(0);
    const rows = describeRows(await outboxRows(db.prisma));
    expect(rows.every((r) => r.startsWith("reminder before "))).toBe(true);
    expect(rows).toHaveLength(4);

    // Down again from 16:00 until the 23rd: the chase is still sent; escalation and digest wait for the 28th.
    await runSchedulerTick(sh("2023-01-23 10:00"), deps);
    const afterHoliday = describeRows(await outboxRows(db.prisma));
    expect(afterHoliday.filter((r) => r.startsWith("chase"))).toHaveLength(4);
    expect(afterHoliday.filter((r) => r.startsWith("escalation") || r.startsWith("digest"))).toEqual([]);
  });

  it("does not move past an item that failed, so the next tick tries it again", async () => {
    await scheduler().recordTick(sh("2023-01-28 08:59"), {});
    const { log, lines } = memoryLog();
    const broken: SchedulerDeps = {
      ...deps,
      log,
      digests: { ...deps.digests, saveDigest: () => Promise.reject(new Error("disk full")) },
    };
    const failed = await runSchedulerTick(sh("2023-01-28 09:00"), broken);
    expect(failed.failed).toBe(1);
    expect(lines.some((l) => l.level === "error" && l.message === "scheduler item failed")).toBe(true);
    // The escalations went out; the digest did not, and the window stays open.
    expect(describeRows(await outboxRows(db.prisma)).map((r) => r.split(" ")[0])).toEqual(["escalation", "escalation"]);
    expect(await scheduler().lastTick()).toEqual(sh("2023-01-28 08:59"));

    const retried = await runSchedulerTick(sh("2023-01-28 09:01"), deps);
    expect(retried.failed).toBe(0);
    expect(retried.enqueued).toBe(2);
    expect(await db.prisma.outboxMessage.count({ where: { kind: "digest" } })).toBe(2);
  });
});

describe("the scheduler loop on the database", () => {
  it("ticks at the clock's instants and enqueues what fell due between two ticks", async () => {
    const clock = manualClock("2023-01-18T08:59:30+08:00");
    const callbacks: (() => void)[] = [];
    const timer: LoopTimer = { set: (callback) => callbacks.push(callback), clear: () => undefined };
    const { log } = memoryLog();
    const ticks: number[] = [];
    let done: () => void = () => undefined;
    const loop = createSchedulerLoop({
      clock,
      intervalMs: 60_000,
      timer,
      log,
      tick: async (now) => {
        const result = await runSchedulerTick(now, deps);
        ticks.push(result.enqueued);
        done();
        return result;
      },
    });
    await loop.start();
    expect(ticks).toEqual([0]);
    expect(callbacks).toHaveLength(1);

    clock.advance(60_000);
    expect(loop.lagMs()).toBe(60_000);
    const second = new Promise<void>((resolve) => (done = resolve));
    callbacks.shift()!();
    await second;
    // stop() waits for the tick in flight; then the lag is back to nothing.
    await loop.stop();
    expect(ticks).toEqual([0, 4]);
    expect(loop.lagMs()).toBe(0);
    expect(callbacks).toHaveLength(0);
  });
});
