import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let env: Record<string, string>;
/** Every (task, lead unit) of minsheng, as `TASK unit` keys. */
let leadPairs: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
  const seeded = await runZhuanban(["seed", "--quiet"], env);
  expect(seeded.code).toBe(0);
  const links = await db.prisma.taskUnit.findMany({
    where: { role: "lead", task: { active: true, group: { key: "minsheng" } } },
    select: { task: { select: { key: true } }, unit: { select: { key: true } } },
  });
  leadPairs = links.map((l) => `${l.task.key} ${l.unit.key}`).sort();
});
afterAll(async () => {
  await db.drop();
});

interface PeriodRow {
  cycle: string;
  period: string;
  label: string;
  start: string;
  end: string;
  dueAt: string;
}
interface PlanRow {
  kind: string;
  stage: string;
  group: string;
  cycle: string;
  period: string;
  task?: string;
  unit?: string;
  dueAt: string;
  at: string;
}

async function periods(...argv: string[]) {
  const result = await runZhuanban(["periods", "--group", "minsheng", ...argv, "--json"], env);
  expect(result.code, result.stderr).toBe(0);
  return { rows: JSON.parse(result.stdout) as PeriodRow[], stderr: result.stderr };
}

async function plan(at: string, ...argv: string[]) {
  const result = await runZhuanban(["plan", "--at", at, ...argv, "--json"], env);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as PlanRow[];
}

const pairsOf = (rows: PlanRow[]) => rows.map((r) => `${r.task} ${r.unit}`).sort();

describe("zhuanban periods", () => {
  it("lists 36 旬, 12 months and 4 quarters of 2023 with the official calendar's due instants", async () => {
    const { rows, stderr } = await periods("--from", "2023-01-01", "--to", "2023-12-31");
    expect(stderr).toBe("");
    expect(rows.filter((r) => r.cycle === "dekad")).toHaveLength(36);
    expect(rows.filter((r) => r.cycle === "month")).toHaveLength(12);
    expect(rows.filter((r) => r.cycle === "quarter")).toHaveLength(4);
    const byId = new Map(rows.map((r) => [r.period, r]));
    expect(byId.get("2023-01-X2")).toEqual({
      cycle: "dekad",
      period: "2023-01-X2",
      label: "2023年1月中旬",
      start: "2023-01-11T00:00:00+08:00",
      end: "2023-01-21T00:00:00+08:00",
      dueAt: "2023-01-20T17:00:00+08:00",
    });
    // 1月下旬: 春节 21-27, then the make-up weekend; the 31st is a Tuesday.
    expect(byId.get("2023-01-X3")?.dueAt).toBe("2023-01-31T17:00:00+08:00");
    // 9月下旬: 中秋·国庆 from 29 September, so the last working day is Thursday the 28th.
    expect(byId.get("2023-09-X3")?.dueAt).toBe("2023-09-28T17:00:00+08:00");
    // Q3: 5th working day after 30 September, counting the make-up days 7 and 8 October.
    expect(byId.get("2023-Q3")?.dueAt).toBe("2023-10-11T17:00:00+08:00");
    // April 2023: the make-up day was Sunday the 23rd; Saturday the 29th is already 劳动节, so Friday the 28th.
    expect(byId.get("2023-M04")?.dueAt).toBe("2023-04-28T17:00:00+08:00");
    expect(byId.get("2023-M04")).toMatchObject({ label: "2023年4月", start: "2023-04-01T00:00:00+08:00" });
    expect(byId.get("2023-Q1")).toMatchObject({ label: "2023年第一季度", dueAt: "2023-04-10T17:00:00+08:00" });
    expect(byId.get("2023-Q4")?.dueAt).toBe("2024-01-08T17:00:00+08:00");
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(r.dueAt))).toBe(true);
  });

  it("prints a table with a line per period", async () => {
    const result = await runZhuanban(
      ["periods", "--group", "minsheng", "--from", "2023-01-15", "--to", "2023-01-25"],
      env,
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/\(minsheng\), 2023-01-15 to 2023-01-25: 4 periods/);
    expect(lines[1]).toMatch(/^period\s+start\s+end\s+due\s+label$/);
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(["2023-01-X2", "2023-01-X3", "2023-M01", "2023-Q1"]);
    expect(lines[3]).toMatch(/2023-01-31T17:00:00\+08:00\s+2023年1月下旬$/);
  });

  it("warns on stderr when the range reaches a year without holiday data", async () => {
    const { rows, stderr } = await periods("--from", "2026-12-21", "--to", "2027-01-10");
    expect(stderr).toBe("2027 年节假日安排尚未发布，按周一至周五计算");
    expect(rows.map((r) => r.period)).toEqual([
      "2026-12-X3",
      "2027-01-X1",
      "2026-M12",
      "2027-M01",
      "2026-Q4",
      "2027-Q1",
    ]);
    // 2026-Q4 is due in January 2027, counted Monday to Friday.
    expect(rows.find((r) => r.period === "2026-Q4")?.dueAt).toBe("2027-01-07T17:00:00+08:00");
    // 2026-Q3 is due in October 2026; Q4 would be due in January 2027 and warn.
    const quiet = await periods("--from", "2026-01-01", "--to", "2026-09-30");
    expect(quiet.stderr).toBe("");
  });
});

describe("zhuanban plan", () => {
  it("lists the early reminders of 2023-01-X2 for each (task, lead unit) two working days before", async () => {
    const rows = await plan("2023-01-18T09:00+08:00", "--group", "minsheng");
    expect(leadPairs.length).toBeGreaterThan(10);
    expect(pairsOf(rows)).toEqual(leadPairs);
    for (const row of rows) {
      expect(row).toMatchObject({
        kind: "reminder",
        stage: "early",
        group: "minsheng",
        cycle: "dekad",
        period: "2023-01-X2",
        dueAt: "2023-01-20T17:00:00+08:00",
        at: "2023-01-18T09:00:00+08:00",
      });
    }
  });

  it("lists the due-day and 2-hours-before reminders and the chase an hour after the deadline", async () => {
    const dueDay = await plan("2023-01-20T09:00+08:00", "--group", "minsheng");
    expect(new Set(dueDay.map((r) => `${r.kind} ${r.stage}`))).toEqual(new Set(["reminder due-day"]));
    expect(pairsOf(dueDay)).toEqual(leadPairs);

    const before = await plan("2023-01-20T15:00+08:00", "--group", "minsheng");
    expect(new Set(before.map((r) => `${r.kind} ${r.stage} ${r.at}`))).toEqual(
      new Set(["reminder before 2023-01-20T15:00:00+08:00"]),
    );
    expect(pairsOf(before)).toEqual(leadPairs);

    // Without an offset, --at is read in the group's timezone.
    const chases = await plan("2023-01-20T18:00", "--group", "minsheng");
    expect(new Set(chases.map((r) => `${r.kind} ${r.stage} ${r.period} ${r.at}`))).toEqual(
      new Set(["chase chase 2023-01-X2 2023-01-20T18:00:00+08:00"]),
    );
    expect(pairsOf(chases)).toEqual(leadPairs);
  });

  it("escalates and posts the digest on the next working day, the 春节 make-up Saturday 28 January", async () => {
    const rows = await plan("2023-01-28T09:00+08:00", "--group", "minsheng");
    expect(rows).toEqual([
      {
        kind: "escalation",
        stage: "escalation",
        group: "minsheng",
        cycle: "dekad",
        period: "2023-01-X2",
        dueAt: "2023-01-20T17:00:00+08:00",
        at: "2023-01-28T09:00:00+08:00",
      },
      {
        kind: "digest",
        stage: "digest",
        group: "minsheng",
        cycle: "dekad",
        period: "2023-01-X2",
        dueAt: "2023-01-20T17:00:00+08:00",
        at: "2023-01-28T09:00:00+08:00",
      },
    ]);
    // The Monday after the holiday: nothing (1月下旬's early reminder went out on Sunday the 29th).
    expect(await plan("2023-01-30T09:00+08:00", "--group", "minsheng")).toEqual([]);
    const sunday = await plan("2023-01-29T09:00+08:00", "--group", "minsheng");
    expect(new Set(sunday.map((r) => `${r.stage} ${r.period}`))).toEqual(new Set(["early 2023-01-X3"]));
  });

  it("takes a window and, without --group, every group", async () => {
    expect(await plan("2023-01-18T08:30+08:00", "--group", "minsheng", "--window", "30m")).toEqual([]);
    const day = await plan("2023-01-18T00:00+08:00", "--group", "minsheng", "--window", "1d");
    expect(pairsOf(day)).toEqual(leadPairs);
    const twoHours = await plan("2023-01-20T09:00:00Z", "--group", "minsheng", "--window", "2h");
    expect(new Set(twoHours.map((r) => r.kind))).toEqual(new Set(["chase"]));

    const all = await plan("2023-01-28T01:00:00Z");
    expect(all.every((r) => r.at === "2023-01-28T09:00:00+08:00")).toBe(true);
    expect(all.filter((r) => r.group === "minsheng").map((r) => r.kind)).toEqual(["escalation", "digest"]);
    expect(new Set(all.map((r) => r.group)).size).toBeGreaterThan(1);
  });

  it("prints one line per item, or says that nothing falls due", async () => {
    const result = await runZhuanban(["plan", "--at", "2023-01-28T09:00+08:00", "--group", "minsheng"], env);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      expect.stringMatching(
        /^2023-01-28T09:00:00\+08:00\s+escalation\s+escalation\s+minsheng\s+2023-01-X2\s+-\s+-\s+due 2023-01-20T17:00:00\+08:00$/,
      ),
      expect.stringMatching(
        /^2023-01-28T09:00:00\+08:00\s+digest\s+digest\s+minsheng\s+2023-01-X2\s+-\s+-\s+due 2023-01-20T17:00:00\+08:00$/,
      ),
    ]);
    const reminders = await runZhuanban(["plan", "--at", "2023-01-18T09:00+08:00", "--group", "minsheng"], env);
    expect(reminders.stdout.split("\n")).toHaveLength(leadPairs.length);
    expect(reminders.stdout).toMatch(/reminder\s+early\s+minsheng\s+2023-01-X2\s+MS-03\s+hrss\s+due 2023-01-20T17:00/);
    const nothing = await runZhuanban(["plan", "--at", "2023-01-30T09:00", "--group", "minsheng"], env);
    expect(nothing.stdout).toBe("nothing falls due from 2023-01-30T09:00:00+08:00 to 2023-01-30T10:00:00+08:00");
  });

  it("warns on stderr for a year without holiday data", async () => {
    const result = await runZhuanban(["plan", "--at", "2027-03-01T09:00", "--group", "minsheng", "--json"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("2027 年节假日安排尚未发布，按周一至周五计算");
  });
});

describe("mistakes", () => {
  it.each([
    [["plan", "--at", "tomorrow"], /--at must be an ISO 8601 time such as 2023-01-18T09:00\+08:00/],
    [["plan", "--at", "2023-02-30T09:00"], /--at must be an ISO 8601 time/],
    [["plan", "--at", "2023-01-18T25:00+08:00"], /--at must be an ISO 8601 time/],
    [["plan", "--at", "2023-01-18T09:00", "--window", "soon"], /--window must be a duration such as 30m, 1h, 2h or 1d/],
    [["plan", "--at", "2023-01-18T09:00", "--window", "0h"], /--window must be a duration/],
    [["plan", "--at", "2023-01-18T09:00", "--window", "400d"], /--window must be a duration .*at most 366d/],
    [["plan", "--at", "2023-01-18T09:00", "--group", "nope"], /no work group "nope"; groups: .*minsheng/],
    [["plan"], /--at is required/],
    [["periods", "--group", "nope", "--from", "2023-01-01", "--to", "2023-01-31"], /no work group "nope"/],
    [
      ["periods", "--group", "minsheng", "--from", "2023-02-30", "--to", "2023-03-31"],
      /--from must be a date YYYY-MM-DD/,
    ],
    [
      ["periods", "--group", "minsheng", "--from", "2023-01-01", "--to", "31/12/2023"],
      /--to must be a date YYYY-MM-DD/,
    ],
    [
      ["periods", "--group", "minsheng", "--from", "2023-12-31", "--to", "2023-01-01"],
      /--from 2023-12-31 is after --to 2023-01-01/,
    ],
    [["periods", "--group", "minsheng", "--from", "2023-01-01"], /--to is required/],
  ])("answers %j with one clear line and exit code 2", async (argv, message) => {
    const result = await runZhuanban(argv, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(1);
    expect(result.stdout).toBe("");
  });
});
