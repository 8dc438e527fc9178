import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashInviteCode } from "../../src/domain/invite/invite-code.js";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase();
  env = { DATABASE_URL: db.url };
});
afterAll(async () => {
  await db.drop();
});

describe("zhuanban CLI on a PostgreSQL server", () => {
  it("migrate reports an up-to-date database", async () => {
    const result = await runZhuanban(["migrate"], env);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/up to date/);
  });

  it("seed loads the plan, and re-running it reports zero changes", async () => {
    const first = await runZhuanban(["seed", "--quiet"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/6 groups created/);
    const second = await runZhuanban(["seed", "--quiet"], env);
    expect(second.stdout).toMatch(/0 changes/);
  });

  it("status --json lists the ten 民生实事 with their lead units and targets", async () => {
    const result = await runZhuanban(
      ["status", "--group", "minsheng", "--at", "2023-01-18T09:00:00+08:00", "--json"],
      env,
    );
    expect(result.code).toBe(0);
    const overview = JSON.parse(result.stdout) as {
      group: { key: string };
      tasks: {
        key: string;
        title: string;
        leadUnits: { name: string }[];
        targets: { metric: string; targetValue: number; unitOfMeasure: string }[];
      }[];
    };
    expect(overview.group.key).toBe("minsheng");
    const projects = overview.tasks.filter((t) => /^MS-(0[1-9]|10)$/.test(t.key));
    expect(projects).toHaveLength(10);
    for (const task of projects) expect(task.leadUnits.length).toBeGreaterThan(0);
    const jobs = overview.tasks
      .flatMap((t) => t.targets.map((g) => ({ task: t, g })))
      .find(({ g }) => g.metric.includes("城镇新增就业"));
    expect(jobs?.g).toMatchObject({ targetValue: 70, unitOfMeasure: "万人" });
    expect(jobs?.task.leadUnits.map((u) => u.name)).toContain("省人力资源社会保障厅");
  });

  it("status shows the current period as a convenor sees it, at any instant", async () => {
    const result = await runZhuanban(["status", "--group", "minsheng", "--at", "2023-01-20T18:00+08:00"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("省打好重点民生保障仗工作专班 2023年1月中旬 报送情况");
    expect(result.stdout).toContain("已过截止时间");
    const json = JSON.parse(
      (await runZhuanban(["status", "--group", "minsheng", "--at", "2023-01-20T18:00+08:00", "--json"], env)).stdout,
    ) as { status: { counts: { expected: number; missing: number } } };
    expect(json.status.counts).toMatchObject({ expected: 20, missing: 20 });
  });

  it("invite issues a one-time code for a unit's contact and stores only its hash", async () => {
    const result = await runZhuanban(["invite", "--unit", "省人社厅", "--json"], env);
    expect(result.code).toBe(0);
    const [invite] = JSON.parse(result.stdout) as { code: string; contact: string }[];
    expect(invite?.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    const stored = await db.prisma.inviteCode.findMany();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.codeHash).toBe(hashInviteCode(invite!.code));
    expect(JSON.stringify(stored)).not.toContain(invite!.code);
  });

  it.each([
    [["status", "--group", "nope"], /no work group "nope"; groups: .*minsheng/],
    [["status"], /--group is required/],
    [["status", "--group", "minsheng", "--bogus"], /Unknown option '--bogus'/],
    [["invite", "--unit", "no-such-unit"], /no unit "no-such-unit"/],
    [["status", "--group", "minsheng", "--at", "tomorrow"], /--at must be an ISO 8601 time/],
    [["invite", "--unit", "hrss", "--days", "400"], /--days must be between 1 and 90/],
    [["invite", "--unit", "hrss", "--days", "soon"], /--days must be a whole number/],
    [["frobnicate"], /unknown command "frobnicate"/],
  ])("answers the mistake %j with one clear line and exit code 2", async (argv, message) => {
    const result = await runZhuanban(argv, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(1);
  });

  it("names the host when the database cannot be reached, without a stack trace", async () => {
    const result = await runZhuanban(["status", "--group", "minsheng"], {
      DATABASE_URL: "postgresql://someone:secret@127.0.0.1:1/nowhere",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach the database at 127\.0\.0\.1:1\/nowhere/);
    expect(result.stderr).not.toContain("secret");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects bad configuration with one line per variable", async () => {
    const result = await runZhuanban(["status", "--group", "minsheng"], {
      DATABASE_URL: "mysql://x",
      TZ_DEFAULT: "Mars/Olympus",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/DATABASE_URL must be a postgresql:\/\/ URL/);
    expect(result.stderr).toMatch(/TZ_DEFAULT is not an IANA timezone/);
  });
});
