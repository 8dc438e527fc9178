import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleSession } from "../../adapters/console/index.js";
import { resolveConsoleIdentity } from "../../src/core/console-identity.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createCore } from "../../src/runtime/wiring.js";
import { createConsoleDirectory } from "../../src/store/console-directory.js";
import { manualClock } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// The newcomer's walk-through of the README, driven through the console adapter against a real
// database: act as a unit's contact, report, switch to the convenor, see /status, get the 旬简报.
let db: TestDatabase;
let session: ConsoleSession;
const clock = manualClock("2023-01-18T01:00:00Z"); // Wednesday 09:00 in Shanghai, 2023年1月中旬

const botText = (entries: { from: string; text: string }[]) =>
  entries
    .filter((e) => e.from === "bot")
    .map((e) => e.text)
    .join("\n");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const core = createCore({
    prisma: db.prisma,
    calendar: createWorkCalendar(),
    clock,
    locale: "zh-CN",
    log: createLogger("silent"),
  });
  const directory = createConsoleDirectory(db.prisma);
  session = new ConsoleSession({ locale: "zh-CN", resolveIdentity: (q) => resolveConsoleIdentity(directory, q) });
  await session.start(core);
});
afterAll(async () => {
  await session.stop();
  await db.drop();
});

describe("a newcomer on the console", () => {
  it("acts as the 省人社厅 contact, reports 城镇新增就业, and the convenor sees it with its light and in the 旬简报", async () => {
    expect(await session.actAs("省人社厅")).toMatchObject({ userId: "c-hrss" });

    const template = botText(await session.say("/report MS-03"));
    expect(template).toContain("报送 MS-03 2023年1月中旬");

    const saved = botText(
      await session.say(
        "报送 MS-03 2023-01-X2\n城镇新增就业：12.5万人\n状态：正常推进\n进展：<script>alert(1)</script> *bold* <@U123>\n问题：返乡人员就业压力大",
      ),
    );
    expect(saved).toContain("已保存：MS-03 促进高质量充分就业 2023年1月中旬");
    expect(saved).toContain("<script>alert(1)</script> *bold* <@U123>"); // shown literally
    expect(await db.prisma.report.count()).toBe(1);

    const refused = botText(await session.say("/summary"));
    expect(refused).toContain("只对专班召集人");

    await session.actAs("召集人");
    const status = botText(await session.say("/status"));
    expect(status).toContain("省打好重点民生保障仗工作专班 2023年1月中旬 报送情况");
    expect(status).toMatch(/🟢 城镇新增就业 .*12\.5 \/ 70万人/);

    clock.set("2023-01-21T01:00:00Z");
    const digest = botText(await session.say("/summary"));
    expect(digest).toContain("2023年1月中旬");
    expect(digest).toContain("旬简报");
    expect(digest).toContain("返乡人员就业压力大");
    expect(await db.prisma.digest.count()).toBe(1);
  });

  it("takes a report through the form, answered as prompts, by pressing a numbered button", async () => {
    clock.set("2023-01-18T01:00:00Z");
    await session.actAs("省民政厅");
    const template = await session.say("/report MS-06");
    const buttons = template.find((e) => e.message?.blocks.some((b) => b.type === "buttons"));
    expect(buttons?.text).toMatch(/\[1\] 表单填写/);
    const prompts = botText(await session.say("1"));
    expect(prompts + JSON.stringify(session.transcript().slice(-3))).toContain("养老机构新增护理型床位");
    // Answer each prompt: two targets, status (number 1 = 正常推进), then the four texts.
    for (const answer of ["800", "", "1", "新增护理床位800张", "", "", ""]) await session.say(answer);
    expect(session.transcript().at(-1)?.text).toContain("已保存：MS-06");
    const stored = await db.prisma.report.findFirst({
      where: { task: { key: "MS-06" } },
      include: { values: true },
    });
    expect(stored?.values.map((v) => v.value.toNumber())).toEqual([800]);
  });
});
