// What intake promises besides the happy path: the value confirmed is the value stored, text that
// cannot be stored is refused plainly, concurrent first reports of a period and concurrent versions
// of a report all land, a redelivery after a crash stores the report, and no user text reaches a log.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/runtime/logger.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createIdentityStore } from "../../src/store/identity-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { basicBot, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
// Monday 2023-01-16 10:00 in Shanghai: inside 2023年1月中旬.
const clock = manualClock("2023-01-16T02:00:00Z");
const report = (value: string, progress = "春风行动已启动") =>
  `报送 MS-03 2023-01-X2\n城镇新增就业：${value}万人\n状态：正常推进\n进展：${progress}`;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  const basic = basicBot(db.prisma, clock);
  const code = await basic.invite("hrss");
  await basic.bot.handle(event("hrss", { kind: "command", command: "bind", args: code }));
});
afterAll(async () => {
  await db.drop();
});

const storedValues = async () =>
  (
    await db.prisma.reportValue.findMany({
      where: { report: { task: { key: "MS-03" } } },
      orderBy: { report: { version: "asc" } },
    })
  ).map((v) => v.value.toString());

describe("the confirmation and the stored value", () => {
  it("refuses a value the database would round (more than 4 decimals), and stores nothing", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const before = await storedValues();
    for (const value of ["0.00001", "99999999.99999"]) {
      const reply = replyText(await bot.handle(event("hrss", { kind: "text", text: report(value) })));
      expect(reply).toContain("报送没有保存");
      expect(reply).toContain("小数位太多（最多 4 位小数）");
    }
    expect(await storedValues()).toEqual(before);
  });

  it("stores exactly what it confirms", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const reply = replyText(await bot.handle(event("hrss", { kind: "text", text: report("12.3456") })));
    expect(reply).toContain("已保存");
    expect((await storedValues()).at(-1)).toBe("12.3456");
  });
});

describe("text that cannot be stored", () => {
  it.each([
    ["a NUL character", "进展：有\u0000空字符"],
    ["half an emoji", "进展：半个表情\uD83D"],
  ])("%s gets a clear answer, changes nothing and logs no error", async (_what, line) => {
    const { bot, log } = fullBot(db.prisma, clock);
    const reports = await db.prisma.report.count();
    const reply = replyText(await bot.handle(event("hrss", { kind: "text", text: `${report("1")}\n${line}` })));
    expect(reply).toContain("无法保存的字符");
    expect(await db.prisma.report.count()).toBe(reports);
    expect(log.lines.filter((l) => l.level === "error")).toEqual([]);
  });

  it("a broken profile name is cleaned, not refused", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const reply = await bot.handle({
      ...event("newcomer", { kind: "command", command: "help" }),
      userName: "王\u0000五\uDE00",
    });
    expect(replyText(reply)).toContain("/bind");
    const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "newcomer" } });
    expect(identity.displayName).toBe("王五");
  });
});

describe("concurrent writes", () => {
  it("twenty first reports of a new period all find the one period", async () => {
    const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    const input = {
      groupId: group.id,
      cycle: "month" as const,
      periodKey: "2023-M09",
      startsAt: new Date("2023-08-31T16:00:00Z"),
      endsAt: new Date("2023-09-30T16:00:00Z"),
      dueAt: new Date("2023-09-28T09:00:00Z"),
    };
    // A store each, as in twenty processes: no shared cache of known periods.
    const rows = await Promise.all(Array.from({ length: 20 }, () => createReportStore(db.prisma).ensurePeriod(input)));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
  });

  it("twenty versions of one report sent at once are numbered 1 to 20, one current", async () => {
    const store = createReportStore(db.prisma);
    const task = await db.prisma.task.findFirstOrThrow({ where: { key: "MS-03" }, include: { targets: true } });
    const unit = await db.prisma.unit.findUniqueOrThrow({ where: { key: "hrss" } });
    const contact = await db.prisma.contact.findUniqueOrThrow({ where: { key: "c-hrss" } });
    const period = await store.ensurePeriod({
      groupId: task.groupId,
      cycle: "month",
      periodKey: "2023-M10",
      startsAt: new Date("2023-09-30T16:00:00Z"),
      endsAt: new Date("2023-10-31T16:00:00Z"),
      dueAt: new Date("2023-10-30T09:00:00Z"),
    });
    const target = task.targets[0]!;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.saveReport({
          taskId: task.id,
          unitId: unit.id,
          periodId: period.id,
          draft: {
            values: [{ targetKey: target.key, value: i }],
            status: "on_track",
            progress: `v${i}`,
            problems: "",
            nextSteps: "",
            coordinationNeeded: "",
          },
          targetIds: { [target.key]: target.id },
          submittedByContactId: contact.id,
          submittedAt: clock.now(),
          isLate: false,
          source: { platform: "telegram", chatId: "dm-hrss", eventId: `race-${i}` },
        }),
      ),
    );
    const versions = await db.prisma.report.findMany({
      where: { periodId: period.id },
      select: { version: true, isCurrent: true },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(versions.filter((v) => v.isCurrent)).toHaveLength(1);
  });
});

describe("the inbound dedupe mark", () => {
  it("is written with the work: an event that arrived but stored nothing is handled when it comes again", async () => {
    const { bot } = fullBot(db.prisma, clock);
    const update = event("hrss", { kind: "text", text: report("3", "崩溃后重投") }, { eventId: "crash-1" });
    // The first delivery arrived, then the process died before anything was stored.
    await createIdentityStore(db.prisma).arrive({
      platform: "telegram",
      platformUserId: "hrss",
      eventId: "crash-1",
      at: clock.now(),
    });
    const reply = replyText(await bot.handle(update));
    expect(reply).toContain("已保存");
    expect(await db.prisma.report.count({ where: { sourceText: { contains: "崩溃后重投" } } })).toBe(1);
    // Delivered once more after that: recognised, nothing new.
    expect((await bot.handle(update)).messages).toEqual([]);
    expect(await db.prisma.report.count({ where: { sourceText: { contains: "崩溃后重投" } } })).toBe(1);
  });
});

describe("logs", () => {
  it("carry a Prisma error's kind and codes, never the arguments that quote what a user wrote", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger("info", sink);
    const secret = "用户写的秘密进展";
    const error = await db.prisma.report.create({ data: { progress: secret } as never }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(String(error)).toContain(secret);
    log.error({ err: error }, "inbound event failed");
    expect(lines.join("")).toContain("PrismaClientValidationError");
    expect(lines.join("")).not.toContain(secret);
  });
});
