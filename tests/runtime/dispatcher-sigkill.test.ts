import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGroup, insertRows } from "../fakes/dispatch-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { waitUntil } from "../support/wait-until.js";

// Real processes on real time: this is the one test here that waits for real (a few seconds).
const ROWS = 400;
const CONCURRENCY = 4; // the child's; the most sends it can have in flight
// Long enough that on a loaded machine no lease of the living first process runs out before the
// kill (its own queued rows would then be claimed again, which is not the crash under test); the
// restarted process waits this long before it takes the killed process's rows over.
const LEASE_MS = 8_000;

let db: TestDatabase;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "zhuanban-sigkill-"));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

function startChild(workerId: string, sendLog: string): ChildProcess {
  const script = path.resolve("tests/fakes/dispatch-child.ts");
  const child = spawn(process.execPath, ["--import", "tsx", script, db.url, workerId, sendLog, String(LEASE_MS)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

const lines = async (file: string) => (await readFile(file, "utf8").catch(() => "")).split("\n").filter(Boolean);

describe("a dispatcher process killed with SIGKILL, then restarted", () => {
  it("loses nothing, and repeats at most the sends it had in flight", { timeout: 240_000 }, async () => {
    const groupId = await createGroup(db.prisma);
    await insertRows(
      db.prisma,
      groupId,
      Array.from({ length: ROWS }, (_, i) => ({
        key: `k${String(i).padStart(3, "0")}`,
        address: `dm:u${i}`,
        platform: "console" as const,
        dueAt: new Date(Date.now() - 60_000 + i),
      })),
    );
    const sendLog = path.join(dir, "sends.log");
    await writeFile(sendLog, "");

    const first = startChild("first", sendLog);
    // Real processes on a possibly loaded machine: the waits are for the event, with generous deadlines.
    await waitUntil(async () => (await lines(sendLog)).length >= 100, 90_000, "the first process to send 100");
    first.kill("SIGKILL");
    await exited(first);
    expect(first.signalCode).toBe("SIGKILL");

    const sentByFirst = await lines(sendLog);
    expect(sentByFirst.length).toBeLessThan(ROWS);
    const recorded = new Set(
      (await db.prisma.outboxMessage.findMany({ where: { state: "sent" }, select: { dedupeKey: true } })).map(
        (r) => r.dedupeKey,
      ),
    );
    // In flight: the platform took them, the process died before recording it.
    const inFlight = sentByFirst.filter((key) => !recorded.has(key));
    expect(inFlight.length).toBeLessThanOrEqual(CONCURRENCY);

    const second = startChild("second", sendLog);
    await waitUntil(
      async () => (await db.prisma.outboxMessage.count({ where: { state: "sent" } })) === ROWS,
      90_000,
      "the restarted process to finish",
    );
    second.kill("SIGTERM");
    await exited(second);
    expect(second.exitCode).toBe(0);

    const all = await lines(sendLog);
    const counts = new Map<string, number>();
    for (const key of all) counts.set(key, (counts.get(key) ?? 0) + 1);
    expect(counts.size).toBe(ROWS);
    // Only what was in flight went out twice. (Not necessarily all of it: a record the dying
    // process had already handed to PostgreSQL may still have been committed after the kill.)
    const repeated = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
    expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(repeated.every((key) => inFlight.includes(key))).toBe(true);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(await db.prisma.outboxMessage.count({ where: { NOT: { state: "sent" } } })).toBe(0);
  });
});
