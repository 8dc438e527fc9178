// A digest already posted goes out again, once, when a report of its period arrives afterwards
// (a late report or a correction); the dispatcher threads it under the first post where the
// platform has threads (tests/slack/slack-cycle.test.ts shows that on Slack).

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Outbound } from "../../src/core/chat/outbound.js";
import { renderPlainText } from "../../src/render/plain-text.js";
import { enqueueDigestUpdates } from "../../src/core/scheduler/digest-updates.js";
import { catchUp, schedulerTick } from "../../src/core/scheduler/tick.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { event, fullBot, manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { bindContacts, schedulerDeps, sh } from "./harness.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindContacts(db.prisma);
});
afterAll(() => db.drop());

const updates = () =>
  db.prisma.outboxMessage.findMany({ where: { stage: "digest-update" }, orderBy: { createdAt: "asc" } });

async function lateReport(at: string, text: string) {
  const clock = manualClock(sh(at).toISOString());
  const reply = await fullBot(db.prisma, clock).bot.handle(event("hrss", { kind: "text", text }));
  expect(JSON.stringify(reply)).toContain("已保存");
}

describe("digest updates", () => {
  it("posts nothing before the digest itself went out, then once per late report", async () => {
    const deps = schedulerDeps(db.prisma);
    const now = sh("2023-01-28 09:00");
    await schedulerTick(catchUp(new Date(now.getTime() - 60_000), now), deps);
    const digests = await db.prisma.outboxMessage.findMany({ where: { kind: "digest", stage: "digest" } });
    expect(digests.length).toBe(2); // the Telegram group and the console's group chat

    // Not posted yet: a late report changes the digest that is still to be sent, nothing more.
    await lateReport("2023-01-28 09:05", "报送 MS-03 2023-01-X2\n城镇新增就业：3万人\n状态：正常推进\n进展：补报");
    expect(await enqueueDigestUpdates(sh("2023-01-28 09:06"), deps)).toBe(0);

    // Both posted (as the dispatcher records them); then another late report arrives.
    const store = createDigestStore(db.prisma);
    for (const [i, row] of digests.entries()) {
      await store.recordPost({
        groupId: row.groupId!,
        periodId: row.periodId!,
        channelId: row.recipientChannelId!,
        platformMessageId: `post-${i}`,
        threadRootId: null,
        at: sh("2023-01-28 09:07"),
      });
    }
    expect(await enqueueDigestUpdates(sh("2023-01-28 09:08"), deps)).toBe(2);
    await lateReport(
      "2023-01-28 10:00",
      "报送 MS-11 2023-01-X2\n基本养老保险参保人数：2700万人\n状态：正常推进\n进展：补报",
    );
    expect(await enqueueDigestUpdates(sh("2023-01-28 10:01"), deps)).toBe(2);
    // Ticks keep finding the same stale posts until the update is sent; the key makes it once.
    expect(await enqueueDigestUpdates(sh("2023-01-28 10:02"), deps)).toBe(0);

    const rows = await updates();
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.dedupeKey)).size).toBe(4);
    // The update says 更新 and what changed since the version the channel has (built 09:00, before
    // either late report), not the whole digest again.
    const text = renderPlainText(rows.at(-1)!.payload as unknown as Outbound);
    expect(text).toContain("【更新：省打好重点民生保障仗工作专班 2023年1月中旬 旬简报】");
    expect(text).toContain("自上一版（1月28日 09:00）以来：");
    expect(text).toContain("【新报送】\n省人力资源社会保障厅：MS-03（补报）、MS-11（补报）");
    expect(text).toContain("MS-03 城镇新增就业：无数据 → 3万人");
    expect(text).toContain("MS-11 基本养老保险参保人数：无数据 → 2700万人");
    expect(text).toMatch(/报送情况：按时报送 0，补报 2，未报 \d+（上一版：按时报送 0，补报 0，未报 \d+）/);
    expect(text).not.toContain("任务进展");
  });
});
