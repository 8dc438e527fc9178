import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z");
let bot: ReturnType<typeof fullBot>["bot"];

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, { hrss: { unit: "hrss" }, boss: { contact: "c-ms-convenor" } });
  bot = fullBot(db.prisma, clock).bot;
  await bot.handle(
    event("hrss", {
      kind: "text",
      text: "报送 MS-03\n城镇新增就业：12.5万人\n状态：存在风险\n进展：春风行动\n问题：返乡人员就业压力大\n下步：开展专场招聘",
    }),
  );
});
afterAll(async () => {
  await db.drop();
});

describe("/summary", () => {
  it("builds the 旬简报 of the last period past its deadline, from the stored reports, and keeps each build", async () => {
    clock.set("2023-01-21T01:00:00Z"); // Saturday 09:00, after the 中旬 deadline
    const reply = await bot.handle(event("boss", { kind: "command", command: "summary" }));
    const text = JSON.stringify(reply);
    expect(text).toContain("2023年1月中旬");
    expect(text).toContain("旬简报");
    expect(text).toContain("返乡人员就业压力大");
    expect(text).toContain("省教育厅"); // missing by name
    const digests = await db.prisma.digest.findMany({ include: { period: true } });
    expect(digests.map((d) => [d.period.periodKey, d.version])).toEqual([["2023-01-X2", 1]]);
    const content = digests[0]!.content as {
      headline: { onTime: number };
      rows: { unitName: string; value: number | null }[];
    };
    expect(content.headline.onTime).toBe(1);
    expect(content.rows.find((r) => r.unitName === "省人力资源社会保障厅" && r.value !== null)?.value).toBe(12.5);

    await bot.handle(event("boss", { kind: "command", command: "简报", args: "旬 2023-01-X2" }));
    expect(await db.prisma.digest.count()).toBe(2);
  });

  it("builds a 月通报 with the timeliness ranking and a 季总结 with trends", async () => {
    clock.set("2023-04-12T01:00:00Z");
    const month = await bot.handle(event("boss", { kind: "command", command: "summary", args: "月 2023-M01" }));
    expect(JSON.stringify(month)).toContain("月通报");
    const stored = await db.prisma.digest.findFirst({ where: { period: { periodKey: "2023-M01" } } });
    const monthly = stored?.content as { timeliness?: { unitName: string; onTime: number }[] };
    expect(monthly.timeliness?.[0]).toMatchObject({ unitName: "省人力资源社会保障厅", onTime: 1 });
    await bot.handle(event("boss", { kind: "command", command: "summary", args: "2023-Q1" }));
    const quarter = await db.prisma.digest.findFirst({ where: { period: { periodKey: "2023-Q1" } } });
    const trends = (quarter?.content as { trends?: { metric: string; points: { value: number | null }[] }[] }).trends;
    const jobs = trends?.find((x) => x.metric === "城镇新增就业");
    expect(jobs?.points).toHaveLength(9);
    expect(jobs?.points[1]?.value).toBe(12.5);
  });

  it("refuses contacts and explains bad periods", async () => {
    expect(replyText(await bot.handle(event("hrss", { kind: "command", command: "summary" })))).toContain(
      "只对专班召集人",
    );
    expect(
      replyText(await bot.handle(event("boss", { kind: "command", command: "summary", args: "2023-13" }))),
    ).toContain("不是有效的期次");
    expect(
      replyText(await bot.handle(event("boss", { kind: "command", command: "summary", args: "2030-Q1" }))),
    ).toContain("晚于本专班的计划期");
  });
});
