import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliver, startBotProcess, textUpdate, waitUntil, type BotProcess } from "../support/bot-process.js";
import {
  CLOCK_START,
  redeliverUntilTaken as redeliver,
  REPORTER as USER,
  startIntakeWorld,
  type IntakeWorld,
} from "../support/intake-world.js";

// Real `node bin/zhuanban.js start` processes on the Telegram webhook, a PostgreSQL cluster of the
// test's own (stopped and started for the outage), and the test playing Telegram: updates are
// POSTed to the webhook, and every update that got no 2xx answer is delivered again.

let world: IntakeWorld;
const bots: BotProcess[] = [];

beforeAll(async () => {
  world = await startIntakeWorld();
}, 240_000);

afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
  await Promise.all(bots.map((bot) => bot.exited));
  await world?.close();
});

async function start(onReady?: (bot: BotProcess) => Promise<void>): Promise<BotProcess> {
  const bot = await startBotProcess({
    databaseUrl: world.pg.url,
    telegramApiRoot: world.api.url,
    telegramToken: world.api.token,
    clockStart: CLOCK_START,
    ...(onReady ? { onReady } : {}),
  });
  bots.push(bot);
  return bot;
}

const reports = (count: number, label: string) => world.reports(count, label);
const stored = (updates: { update_id: number }[]) => world.stored(updates);
const redeliverUntilTaken = (bot: BotProcess, updates: { update_id: number }[], statuses: Map<number, number>) =>
  redeliver(bot.webhookUrl, updates, statuses, 60_000);
const saidSaved = () => world.confirmations();

describe("reports through a database outage, a shutdown and a crash (real processes)", () => {
  // One process after the other, as an operator would see them: each test hands the updates that
  // were not taken to the next process, as Telegram would.
  let bot: BotProcess;
  let leftovers: { updates: ReturnType<typeof reports>; statuses: Map<number, number> } | undefined;

  it(
    "is ready only when the webhook route answers, and refuses a GET and a null body",
    { timeout: 120_000 },
    async () => {
      const early: number[] = [];
      bot = await start(async (ready) => {
        early.push(await deliver(ready.webhookUrl, textUpdate(1, USER, "/help"), "wrong"));
      });
      // The first request after /healthz said ready reached the webhook (401: wrong secret), not a 404.
      expect(early).toEqual([401]);
      expect((await fetch(bot.webhookUrl)).status).toBe(405);
      expect(await deliver(bot.webhookUrl, null)).toBe(400);
      expect(bot.log.some((line) => /"level":50/.test(line))).toBe(false);
    },
  );

  it(
    "answers 503 while the database is down, so the reports come again and are stored",
    { timeout: 120_000 },
    async () => {
      await world.pg.stop();
      const updates = reports(5, "outage");
      const statuses = new Map<number, number>();
      const before = saidSaved();
      await Promise.all(updates.map(async (u) => statuses.set(u.update_id, await deliver(bot.webhookUrl, u))));
      expect([...statuses.values()]).toEqual([503, 503, 503, 503, 503]);
      expect(
        world.api
          .textsTo(USER)
          .slice(before)
          .some((t) => t.includes("没有保存")),
      ).toBe(false);
      await world.pg.start();
      await redeliverUntilTaken(bot, updates, statuses);
      const counts = await stored(updates);
      expect(counts.size).toBe(5);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(saidSaved() - before).toBe(5);
    },
  );

  it(
    "on SIGTERM answers the requests in flight, stores what it confirmed, then exits 0",
    { timeout: 120_000 },
    async () => {
      const updates = reports(40, "term");
      const statuses = new Map<number, number>();
      const posts = updates.map(async (u) => statuses.set(u.update_id, await deliver(bot.webhookUrl, u)));
      const before = saidSaved();
      await waitUntil(() => saidSaved() >= before + 3, 60_000, "the first confirmations");
      const logged = bot.log.length;
      bot.child.kill("SIGTERM");
      await Promise.all(posts);
      leftovers = { updates, statuses };
      expect((await bot.exited).code).toBe(0);
      const counts = await stored(updates);
      // Every 200 was stored; and every report it stored was answered 200, unless the drain time
      // (20 s) ran out on a loaded machine, which the process then says.
      for (const u of updates)
        if (statuses.get(u.update_id) === 200) expect(counts.has(String(u.update_id))).toBe(true);
      const unanswered = updates.filter((u) => counts.has(String(u.update_id)) && statuses.get(u.update_id) !== 200);
      const cutLine = bot.log.slice(logged).find((line) => line.includes("were cut off"));
      if (!cutLine) expect(unanswered).toEqual([]);
      // (The outage before it logged errors, as it should; the shutdown logs none.)
      expect(bot.log.slice(logged).filter((line) => /"level":50/.test(line))).toEqual([]);
    },
  );

  it("loses no report to SIGKILL: the redelivered ones are stored, each once", { timeout: 180_000 }, async () => {
    const first = await start();
    // What the shutdown left is delivered again to the next process, and stored once.
    if (leftovers) await redeliverUntilTaken(first, leftovers.updates, leftovers.statuses);
    const earlier = await stored(leftovers?.updates ?? []);
    expect(earlier.size).toBe(leftovers?.updates.length);
    expect([...earlier.values()].every((n) => n === 1)).toBe(true);

    const updates = reports(40, "kill");
    const statuses = new Map<number, number>();
    const posts = updates.map(async (u) => statuses.set(u.update_id, await deliver(first.webhookUrl, u)));
    const before = saidSaved();
    await waitUntil(() => saidSaved() >= before + 3, 60_000, "the first confirmations");
    first.child.kill("SIGKILL");
    await first.exited;
    await Promise.all(posts);
    expect([...statuses.values()].filter((s) => s === 200).length).toBeLessThan(40);

    const second = await start();
    await redeliverUntilTaken(second, updates, statuses);
    const counts = await stored(updates);
    expect(counts.size).toBe(40);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  });
});
