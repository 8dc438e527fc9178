// Two processes on one bot token stay within Telegram's limits together (issue 17, item 6): the
// platform here refuses with 429 whatever goes beyond 30 messages a second or one a second per chat.
import { describe, expect, it } from "vitest";
import { createDispatchShare } from "../../src/runtime/dispatch-share.js";
import { createDispatchProcessStore } from "../../src/store/dispatch-process-store.js";
import {
  createWorker,
  insertRows,
  runUntil,
  settled,
  silentLog,
  useTwoProcessOutbox,
} from "../fakes/dispatch-harness.js";
import { telegramLimits, type RecordedSend } from "../fakes/recording-adapter.js";
import { createVirtualTime } from "../fakes/virtual-time.js";
import type { TwoProcessOutbox } from "../fakes/dispatch-harness.js";

const T0 = new Date("2023-01-20T01:00:00.000Z");

let world!: TwoProcessOutbox;
useTwoProcessOutbox((w) => (world = w));

/** Largest number of instants inside any window of `windowMs` (half-open). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe("two dispatching processes on one Telegram bot", () => {
  it(
    "divide the budgets: no 429, at most 30 a second together, a second between a chat's messages",
    { timeout: 120_000 },
    async () => {
      // 150 chats with four messages each, all due: 600 messages, 20 s at Telegram's 30 a second.
      await insertRows(
        world.db.prisma,
        world.groupId,
        Array.from({ length: 600 }, (_, i) => ({
          key: `m${String(i).padStart(3, "0")}`,
          address: String(5000 + (i % 150)),
          dueAt: new Date(T0.getTime() - 60_000 + Math.floor(i / 150)),
        })),
      );
      const vt = createVirtualTime(T0);
      const limits = telegramLimits();
      const log: RecordedSend[] = [];
      const workers = [world.db.prisma, world.second].map((prisma, i) => {
        const worker = createWorker(vt, prisma, { workerId: `process-${i}`, log, limits });
        const share = createDispatchShare({
          store: vt.track(createDispatchProcessStore(prisma)),
          id: `process-${i}`,
          sleep: vt.sleep,
          log: silentLog,
          onChange: (next) => worker.limiter.setShare(next),
        });
        return { ...worker, share };
      });
      await vt.run(Promise.all(workers.map((w) => w.share.start())));
      expect(workers.map((w) => w.share.current())).toEqual([0.5, 0.5]);

      await runUntil(
        vt,
        workers.map((w) => w.dispatcher),
        settled(workers[0]!.store, 600),
      );
      await vt.run(Promise.all(workers.map((w) => w.share.stop())));

      expect(limits.refused()).toBe(0);
      const delivered = log.filter((s) => s.delivered);
      expect(delivered).toHaveLength(600);
      // Both processes sent: the budget was divided, not taken by one.
      expect(new Set(delivered.map((s) => s.by)).size).toBe(2);
      expect(
        busiestWindow(
          delivered.map((s) => s.at.getTime()),
          1_000,
        ),
      ).toBeLessThanOrEqual(30);
      const byChat = new Map<string, number[]>();
      for (const s of delivered) byChat.set(s.to.chatId, [...(byChat.get(s.to.chatId) ?? []), s.at.getTime()]);
      const gaps = [...byChat.values()].flatMap((times) => times.slice(1).map((t, i) => t - times[i]!));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1_000);
    },
  );
});
