import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir, SeedValidationError } from "../../src/runtime/seed-runner.js";
import { createDigestIssueStore } from "../../src/store/digest-issue-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";
import { validFiles } from "../domain/seed/fixture.js";

let db: TestDatabase;
let scratch: string;
beforeAll(async () => {
  db = await createTestDatabase();
  scratch = await mkdtemp(path.join(os.tmpdir(), "zhuanban-seed-"));
});
afterAll(async () => {
  await db.drop();
  await rm(scratch, { recursive: true, force: true });
});

async function seedDir(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(scratch, name);
  await rm(dir, { recursive: true, force: true });
  await import("node:fs/promises").then((fs) => fs.mkdir(dir, { recursive: true }));
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

async function rowCounts() {
  const p = db.prisma;
  return {
    groups: await p.workGroup.count(),
    units: await p.unit.count(),
    tasks: await p.task.count(),
    targets: await p.target.count(),
    contacts: await p.contact.count(),
    taskUnits: await p.taskUnit.count(),
  };
}

describe("zhuanban seed on PostgreSQL", () => {
  it("loads the Hunan 2023 plan, and a second run changes nothing", async () => {
    const first = await seedFromDir(db.prisma);
    expect(first.changes.created.groups).toBe(6);
    expect(first.changes.created.tasks).toBeGreaterThanOrEqual(14);
    const before = await rowCounts();

    const second = await seedFromDir(db.prisma);
    expect(second.changes.total).toBe(0);
    expect(await rowCounts()).toEqual(before);
  });

  it("stores the ten 民生实事 with their lead units and targets, e.g. 城镇新增就业 70 万人 led by 省人社厅", async () => {
    const jobs = await db.prisma.target.findFirst({
      where: { metric: { contains: "城镇新增就业" }, task: { group: { key: "minsheng" } } },
      include: { task: { include: { units: { include: { unit: true } } } } },
    });
    expect(jobs?.targetValue.toNumber()).toBe(70);
    expect(jobs?.unitOfMeasure).toBe("万人");
    expect(jobs?.task.units.filter((u) => u.role === "lead").map((u) => u.unit.name)).toContain("省人力资源社会保障厅");
    const projects = await db.prisma.task.count({
      where: {
        group: { key: "minsheng" },
        key: { in: Array.from({ length: 10 }, (_, i) => `MS-${String(i + 1).padStart(2, "0")}`) },
      },
    });
    expect(projects).toBe(10);
  });

  it("updates an edited row in place by its key, never duplicating it", async () => {
    const dir = await seedDir("edit-1", validFiles);
    const scratchDb = await createTestDatabase();
    try {
      await seedFromDir(scratchDb.prisma, dir);
      const edited = await seedDir("edit-2", {
        ...validFiles,
        "tasks-minsheng.yaml": validFiles["tasks-minsheng.yaml"]!.replace("targetValue: 70", "targetValue: 75"),
      });
      const result = await seedFromDir(scratchDb.prisma, edited);
      expect(result.changes).toMatchObject({ total: 1, updated: { targets: 1 } });
      const targets = await scratchDb.prisma.target.findMany({ where: { key: "new-urban-jobs" } });
      expect(targets.map((t) => t.targetValue.toNumber())).toEqual([75]);
    } finally {
      await scratchDb.drop();
    }
  });

  it("follows the seed's links: a lead unit that becomes a participant is updated, not duplicated", async () => {
    const scratchDb = await createTestDatabase();
    try {
      await seedFromDir(scratchDb.prisma, await seedDir("links-1", validFiles));
      const swapped = await seedDir("links-2", {
        ...validFiles,
        "tasks-minsheng.yaml": validFiles["tasks-minsheng.yaml"]!.replace(
          "lead: [hrss]\n    participants: [tax]",
          "lead: [tax]\n    participants: [hrss]",
        ).replace("targetValue: 70", "targetValue: 70\n        lead: tax"),
        "groups.yaml": validFiles["groups.yaml"]!.replace("memberUnits: [hrss, tax]", "memberUnits: [hrss]"),
      });
      const result = await seedFromDir(scratchDb.prisma, swapped);
      expect(result.changes.updated["task units"]).toBe(2);
      expect(result.changes.removed["group members"]).toBe(1);
      const links = await scratchDb.prisma.taskUnit.findMany({ include: { unit: true } });
      expect(links.map((l) => [l.unit.key, l.role]).sort()).toEqual([
        ["hrss", "participant"],
        ["tax", "lead"],
      ]);
    } finally {
      await scratchDb.drop();
    }
  });

  it("sets a group's 编发单位 and 报送/抄送 lines from its briefing entry, and clears them when it is removed", async () => {
    const scratchDb = await createTestDatabase();
    try {
      const groups = validFiles["groups.yaml"]!.replace(
        "memberUnits: [hrss, tax]\n",
        "memberUnits: [hrss, tax]\n    briefing:\n      office: 民生专班办公室\n      sendTo: 省委办公厅、省政府办公厅\n      copyTo: 各市州人民政府\n",
      );
      expect(groups).toContain("briefing:");
      await seedFromDir(scratchDb.prisma, await seedDir("briefing-1", { ...validFiles, "groups.yaml": groups }));
      const settings = createDigestIssueStore(scratchDb.prisma);
      const group = await scratchDb.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
      expect(await settings.settingsOf(group.id)).toEqual({
        office: "民生专班办公室",
        sendTo: "省委办公厅、省政府办公厅",
        copyTo: "各市州人民政府",
      });
      // Without the entry the briefing is back to its defaults.
      const result = await seedFromDir(scratchDb.prisma, await seedDir("briefing-2", validFiles));
      expect(result.changes).toMatchObject({ total: 1, updated: { groups: 1 } });
      expect(await settings.settingsOf(group.id)).toEqual({ office: null, sendTo: null, copyTo: null });
    } finally {
      await scratchDb.drop();
    }
  });

  it("deactivates a task dropped from the seed instead of deleting it, so its reports stay", async () => {
    const scratchDb = await createTestDatabase();
    try {
      await seedFromDir(scratchDb.prisma, await seedDir("drop-1", validFiles));
      const withoutTasks = await seedDir("drop-2", {
        ...validFiles,
        "tasks-minsheng.yaml": "group: minsheng\ntasks: []\n",
      });
      const result = await seedFromDir(scratchDb.prisma, withoutTasks);
      expect(result.changes.removed["tasks (deactivated)"]).toBe(1);
      expect(await scratchDb.prisma.task.findMany({ select: { key: true, active: true } })).toEqual([
        { key: "MS-03", active: false },
      ]);
    } finally {
      await scratchDb.drop();
    }
  });

  it("rejects a bad seed file naming file, path and reason, and loads nothing at all", async () => {
    const scratchDb = await createTestDatabase();
    try {
      const bad = await seedDir("bad", {
        ...validFiles,
        "tasks-minsheng.yaml": validFiles["tasks-minsheng.yaml"]!.replace("lead: [hrss]", "lead: [nobody]"),
      });
      const error = await seedFromDir(scratchDb.prisma, bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SeedValidationError);
      const message = (error as Error).message;
      expect(message).toContain("tasks-minsheng.yaml");
      expect(message).toContain("tasks[0].lead[0]");
      expect(message).toContain("nobody");
      expect(await scratchDb.prisma.unit.count()).toBe(0);
      expect(await scratchDb.prisma.workGroup.count()).toBe(0);
    } finally {
      await scratchDb.drop();
    }
  });
});
