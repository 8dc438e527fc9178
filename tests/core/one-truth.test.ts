import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDigest } from "../../src/core/digest/build-digest.js";
import { evaluateGroup, type GroupPeriodEvaluation } from "../../src/core/evaluation/index.js";
import { periodsInRange } from "../../src/core/plan/periods-in-range.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { parsePeriodId } from "../../src/domain/time/periods.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// Issue 13, tried as a new user would on the seeded 2023 plan: each bullet of its first list.
let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z"); // 1月16日 10:00, inside 2023年1月中旬
let bot: ReturnType<typeof fullBot>["bot"];
const calendar = createWorkCalendar();

function deps() {
  return { status: createStatusStore(db.prisma), reports: createReportStore(db.prisma), calendar };
}
async function minsheng() {
  return (await createStatusStore(db.prisma).findGroup("minsheng"))!;
}
async function say(user: string, text: string) {
  const reply = replyText(await bot.handle(event(user, { kind: "text", text })));
  return reply;
}
async function command(user: string, name: string, args = "") {
  return replyText(await bot.handle(event(user, { kind: "command", command: name, args })));
}
function task(evaluation: GroupPeriodEvaluation, key: string) {
  return evaluation.tasks.find((t) => t.task.key === key)!;
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  await bindUsers(db.prisma, clock, {
    hrss: { unit: "hrss" },
    civil: { unit: "civil-affairs" },
    boss: { contact: "c-ms-convenor" },
  });
  bot = fullBot(db.prisma, clock).bot;
  // On time for 1月中旬 (due 1月20日 17:00): MS-03 reports one of its three targets.
  await say("hrss", "报送 MS-03 2023年1月中旬\n城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动");
  await say("civil", "报送 MS-07 2023年1月中旬\n城市低保标准（不低于）：650元/月\n状态：正常推进\n进展：已提标");
});
afterAll(async () => {
  await db.drop();
});

describe("one evaluation read by /status and the digest", () => {
  it("lights a task with one of its targets reported, and counts it so in the digest's headline", async () => {
    const at = new Date("2023-01-20T10:00:00Z"); // 1月20日 18:00, past the 中旬 deadline, still in 中旬
    const status = await evaluateGroup(deps(), await minsheng(), at);
    expect(task(status, "MS-03").light).toBe("green");
    const digest = await buildDigest(deps(), await minsheng(), parsePeriodId("2023-01-X2"), at, "zh-CN");
    expect(digest.tasks.find((t) => t.key === "MS-03")?.light).toBe("green");
    expect(digest.headline.lights).toEqual(status.lights);
    expect(digest.headline.lights.none).toBe(status.tasks.length - 2);
    expect(digest.headline).toMatchObject({ ...status.counts, onTime: 2 });
  });

  it("judges a level without pace: 城市低保标准 650元/月 is met, with no 时序进度", async () => {
    clock.set("2023-01-18T01:00:00Z");
    const reply = await bot.handle(event("boss", { kind: "command", command: "status" }));
    const details = reply.messages.flatMap((m) => m.blocks.flatMap((b) => (b.type === "progress" ? [b.detail] : [])));
    const line = details.find((l) => l.includes("650 / 650元/月"));
    expect(line).toBeDefined();
    expect(line).not.toContain("时序进度");
    const jobs = details.find((l) => l.includes("12.5 / 70万人"));
    // The bar beside it shows 17.9%; the line gives value, target and pace.
    expect(jobs).toBe("12.5 / 70万人，时序进度 4.7%");
    const evaluation = await evaluateGroup(deps(), await minsheng(), clock.now());
    expect(task(evaluation, "MS-07").targets[0]).toMatchObject({ kind: "level", pace: null, light: "done" });
  });

  it("counts only reports stored by the instant asked about (status --at)", async () => {
    const before = await evaluateGroup(deps(), await minsheng(), new Date("2023-01-12T01:00:00Z"));
    expect(task(before, "MS-03").units[0]).toMatchObject({ timeliness: "pending", report: null });
    expect(task(before, "MS-03").targets[0]?.value).toBeNull();
    expect(before.counts.reported).toBe(0);
    const cli = await runZhuanban(["status", "--group", "minsheng", "--at", "2023-01-12T09:00+08:00", "--json"], {
      DATABASE_URL: db.url,
    });
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout) as { status: { counts: { reported: number } } };
    expect(json.status.counts.reported).toBe(0);
  });

  it("keeps a report 按时 when it is corrected after the deadline, marked as corrected", async () => {
    clock.set("2023-01-25T02:00:00Z");
    await say("hrss", "报送 MS-03 2023年1月中旬\n城镇新增就业：13万人\n状态：正常推进\n进展：更正数据");
    const at = clock.now();
    const digest = await buildDigest(deps(), await minsheng(), parsePeriodId("2023-01-X2"), at, "zh-CN");
    expect(digest.headline).toMatchObject({ onTime: 2, late: 0, corrected: 1 });
    const row = digest.rows.find((r) => r.taskKey === "MS-03" && r.value !== null);
    expect(row).toMatchObject({ timeliness: "on_time", late: false, corrected: true, value: 13 });
    const evaluation = await evaluateGroup(deps(), await minsheng(), at, { period: parsePeriodId("2023-01-X2") });
    expect(task(evaluation, "MS-03").units[0]).toMatchObject({ timeliness: "on_time", corrected: true });
  });

  it("ranks every unit with duties, missing reports counted, ties sharing a rank, the rule printed", async () => {
    const digest = await buildDigest(deps(), await minsheng(), parsePeriodId("2023-M01"), clock.now(), "zh-CN");
    const ranking = digest.timeliness!;
    const units = new Set((await evaluateGroup(deps(), await minsheng(), clock.now())).units.map((u) => u.unit.name));
    expect(new Set(ranking.map((r) => r.unitName))).toEqual(units);
    // 人社厅 and 民政厅 reported one 旬 of three on time: 1/3 each, a shared first place.
    const top = ranking.filter((r) => r.rank === 1).map((r) => r.unitName);
    expect(top.sort()).toEqual(["省人力资源社会保障厅", "省民政厅"].sort());
    expect(ranking.find((r) => r.unitName === "省教育厅")).toMatchObject({ rank: 3, onTime: 0 });
    expect(ranking.every((r, i) => i === 0 || r.rank >= ranking[i - 1]!.rank)).toBe(true);
    const reply = await command("boss", "summary", "月 2023-M01");
    expect(reply).toContain("排名规则");
  });

  it("judges a 补报 with the pace at its period's end, not today's", async () => {
    clock.set("2023-01-18T02:00:00Z");
    const reply = JSON.stringify(
      await bot.handle(
        event("hrss", {
          kind: "text",
          text: "报送 MS-03 2023年1月上旬\n城镇新增就业：5万人\n状态：正常推进\n进展：补报上旬",
        }),
      ),
    );
    expect(reply).toContain("补报");
    expect(reply).toContain("时序进度 2.7%"); // 10 of 365 days, at 1月10日 24:00 (today's would be 4.7%)
  });
});

describe("deadlines and period rules", () => {
  it("gives the quarter one deadline: the digest's is the one `periods` lists", async () => {
    const listed = periodsInRange({
      timezone: "Asia/Shanghai",
      settings: await createReportStore(db.prisma).cycleSettings((await minsheng()).id),
      calendar,
      fromDate: "2023-10-01",
      toDate: "2023-12-31",
    }).find((p) => p.id === "2023-Q4")!;
    const digest = await buildDigest(
      deps(),
      await minsheng(),
      parsePeriodId("2023-Q4"),
      new Date("2024-02-01T00:00:00Z"),
      "zh-CN",
    );
    expect(digest.period.dueAt).toBe(listed.dueAt.toISOString());
    expect(listed.dueAt.toISOString()).toBe("2024-01-08T09:00:00.000Z");
  });

  it("refuses /summary 季 and /summary 月 before the plan's first deadline, naming the range, storing nothing", async () => {
    clock.set("2023-01-18T01:00:00Z");
    const periods = await db.prisma.period.count();
    for (const args of ["季", "月"]) {
      const text = await command("boss", "summary", args);
      expect(text).toContain("早于本专班的计划期（2023-01-01 至 2023-12-31）");
    }
    expect(await command("boss", "summary", "2030-Q1")).toContain("晚于本专班的计划期");
    expect(await db.prisma.period.count()).toBe(periods);
    expect(await db.prisma.period.count({ where: { periodKey: { in: ["2022-Q4", "2022-M12", "2030-Q1"] } } })).toBe(0);
  });

  it("refuses `summary --period 2030-01-X2` with one line and a non-zero exit, writing no Period row", async () => {
    const result = await runZhuanban(["summary", "--group", "minsheng", "--period", "2030-01-X2", "--out", "/tmp"], {
      DATABASE_URL: db.url,
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("after the plan of minsheng (2023-01-01 to 2023-12-31)");
    expect(await db.prisma.period.count({ where: { periodKey: "2030-01-X2" } })).toBe(0);
  });

  it("counts no task after its end date: /status on a 2026 clock says the plan has ended", async () => {
    clock.set("2026-03-02T02:00:00Z");
    expect(await command("boss", "status")).toContain("不在本专班的计划期内（2023-01-01 至 2023-12-31）");
    const late = await evaluateGroup(deps(), await minsheng(), clock.now(), { period: parsePeriodId("2024-01-X1") });
    expect(late.tasks).toHaveLength(0);
    expect(late.counts.expected).toBe(0);
    const cli = await runZhuanban(["status", "--group", "minsheng", "--at", "2026-03-02T10:00+08:00"], {
      DATABASE_URL: db.url,
    });
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain("after the plan of minsheng");
  });

  it("marks a digest built before its deadline 截至 and stores it as not final", async () => {
    clock.set("2023-02-15T02:30:00Z"); // 2月15日 10:30, 2月中旬 due 2月20日
    const text = await command("boss", "summary", "旬 2023-02-X2");
    expect(text).toContain("（截至 02月15日 10:30）");
    const stored = await db.prisma.digest.findFirst({ where: { period: { periodKey: "2023-02-X2" } } });
    expect(stored?.final).toBe(false);
    clock.set("2023-02-21T01:00:00Z");
    const after = await command("boss", "summary", "旬 2023-02-X2");
    expect(after).not.toContain("截至");
    const latest = await db.prisma.digest.findFirst({
      where: { period: { periodKey: "2023-02-X2" } },
      orderBy: { version: "desc" },
    });
    expect(latest?.final).toBe(true);
  });
});

describe("values the metric cannot take", () => {
  it("refuses a negative count with a clear Chinese message and stores nothing", async () => {
    clock.set("2023-01-19T02:00:00Z");
    const before = await db.prisma.report.count();
    const reply = await say("hrss", "报送 MS-11 2023年1月中旬\n失业保险参保人数：-3\n状态：正常推进\n进展：测试");
    expect(reply).toContain("失业保险参保人数填写的 -3 不合理：不能为负数");
    expect(await db.prisma.report.count()).toBe(before);
  });
});
