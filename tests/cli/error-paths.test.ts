import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { urlFor, withAdmin, scratchDatabaseName } from "../support/postgres.js";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// Every mistake a user can make on the command line ends in one line on stderr and a non-zero
// exit code, never a stack trace (README, "The zhuanban command").

let seeded: TestDatabase;
let emptyName: string;
let dir: string;
let aFile: string;

beforeAll(async () => {
  seeded = await createTestDatabase();
  await seedFromDir(seeded.prisma);
  // Created but never migrated: what an operator has right after `CREATE DATABASE zhuanban`.
  emptyName = scratchDatabaseName();
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${emptyName}"`));
  dir = await mkdtemp(path.join(os.tmpdir(), "zhuanban-cli-errors-"));
  aFile = path.join(dir, "a-file.txt");
  await writeFile(aFile, "not a folder");
});
afterAll(async () => {
  await seeded.drop();
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${emptyName}" WITH (FORCE)`));
  await rm(dir, { recursive: true, force: true });
});

function expectOneLine(result: { code: number; stderr: string; stdout: string }, code: number, message: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.split("\n")).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at |PrismaClient|Error:/);
}

describe("a database that was created but not migrated", () => {
  it.each([
    [["status", "--group", "minsheng"]],
    [["periods", "--group", "minsheng", "--from", "2023-01-01", "--to", "2023-01-31"]],
    [["invite", "--unit", "hrss"]],
    [["export-tasks", "--group", "minsheng", "--out", "x.xlsx"]],
    [["summary", "--group", "minsheng", "--period", "2023-01-X2"]],
    [["plan", "--at", "2023-01-18T09:00+08:00"]],
  ])("%j says to run zhuanban migrate in one line, exit 1", async (argv) => {
    const result = await runZhuanban(argv, { DATABASE_URL: urlFor(emptyName) });
    expectOneLine(result, 1, /is missing \d+ migrations; run zhuanban migrate$/);
  });
});

describe("--out paths that cannot be written", () => {
  const summary = (out: string) => [
    "summary",
    "--group",
    "minsheng",
    "--period",
    "2023-01-X2",
    "--at",
    "2023-01-21T09:00+08:00",
    "--out",
    out,
  ];

  it("an existing file as the folder", async () => {
    const result = await runZhuanban(summary(aFile), { DATABASE_URL: seeded.url });
    expectOneLine(result, 1, /cannot write .*a-file\.txt: it is a file, not a folder/);
  });

  it("a folder under a file", async () => {
    const result = await runZhuanban(summary(path.join(aFile, "digests", "jan")), { DATABASE_URL: seeded.url });
    expectOneLine(result, 1, /a-file\.txt is a file, not a folder/);
  });

  it("a folder the file system will not create (/proc/x), without looping", async () => {
    const result = await runZhuanban(summary("/proc/zhuanban-x"), { DATABASE_URL: seeded.url });
    expectOneLine(result, 1, /cannot write \/proc\/zhuanban-x: the file system refuses to create it there/);
  });

  it("a folder that exists but refuses new files", async () => {
    // /sys refuses new files even to root, so this holds whoever runs the tests.
    const result = await runZhuanban(summary("/sys"), { DATABASE_URL: seeded.url });
    expectOneLine(result, 1, /cannot write \/sys\/minsheng-2023-01-X2[^:]*: permission denied/);
  });

  it("export-tasks into a path under a file", async () => {
    const result = await runZhuanban(["export-tasks", "--group", "minsheng", "--out", path.join(aFile, "tasks.xlsx")], {
      DATABASE_URL: seeded.url,
    });
    expectOneLine(result, 1, /a-file\.txt is a file, not a folder/);
  });

  it("creates missing folders when it can", async () => {
    const result = await runZhuanban(summary(path.join(dir, "new", "deeper")), { DATABASE_URL: seeded.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/wrote .*minsheng-2023-01-X2\.md/);
  });
});

describe("unknown names", () => {
  it("invite --contact with no such contact says how to name one", async () => {
    const result = await runZhuanban(["invite", "--contact", "nosuch"], { DATABASE_URL: seeded.url });
    expectOneLine(result, 2, /no contact with the key or name "nosuch" \(office staff: a key such as c-ms-office/);
    expect(result.stderr).not.toContain(" in -");
  });

  it("summary --group with no such group lists the groups", async () => {
    const result = await runZhuanban(["summary", "--group", "nosuch", "--period", "2023-01-X2"], {
      DATABASE_URL: seeded.url,
    });
    expectOneLine(result, 2, /no work group "nosuch"; groups: .*minsheng/);
  });
});

describe("invite", () => {
  it("prints the expiry in local time, not UTC", async () => {
    const result = await runZhuanban(["invite", "--contact", "c-ms-office", "--days", "1"], {
      DATABASE_URL: seeded.url,
      TZ_DEFAULT: "Asia/Shanghai",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid until \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\)/);
    expect(result.stdout).not.toMatch(/T\d\d:\d\d:\d\d\.\d+Z/);
  });
});
