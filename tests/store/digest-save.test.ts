import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DigestContent } from "../../src/core/digest/digest-content.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { buildBasics } from "../support/builders.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const content = {
  kind: "dekad",
  group: { key: "g-save", name: "测试专班-save" },
  period: {
    id: "2023-01-X2",
    label: "2023年1月中旬",
    dueAt: "2023-01-20T09:00:00.000Z",
    startDate: "2023-01-11",
    endDate: "2023-01-20",
  },
  builtAt: "2023-01-21T01:00:00.000Z",
  final: true,
  locale: "zh-CN",
  headline: {
    tasks: 1,
    expected: 1,
    reported: 1,
    onTime: 1,
    late: 0,
    missing: 0,
    pending: 0,
    corrected: 0,
    lights: { green: 1, yellow: 0, red: 0, done: 0, none: 0 },
  },
  missingUnits: [],
  tasks: [],
  notes: [
    {
      taskKey: "T-01",
      taskTitle: "测试任务",
      unitName: "测试单位",
      problems: "“引号”、\\反斜杠\\ 与 emoji 🚧",
      coordination: "",
      nextSteps: "下一步\n换行",
    },
  ],
  rows: [
    {
      taskKey: "T-01",
      taskTitle: "测试任务",
      unitName: "测试单位",
      metric: "完成值",
      value: 12.5,
      unitOfMeasure: "万人",
      targetValue: 70,
      status: "正常推进",
      submittedAt: "2023-01-16T02:00:00.000Z",
      timeliness: "on_time",
      late: false,
      version: 1,
      corrected: false,
      progress: "春风行动",
      problems: "",
      nextSteps: "",
      coordination: "",
    },
  ],
} satisfies DigestContent;

describe("saving digests", () => {
  it("stores the content as built, Chinese text, quotes and emoji included", async () => {
    const store = createDigestStore(db.prisma);
    const { group, period } = await buildBasics(db.prisma, "-save");
    const builtAt = new Date("2023-01-21T01:00:00Z");
    expect(await store.saveDigest({ final: true, groupId: group.id, periodId: period.id, builtAt, content })).toBe(1);
    const saved = await db.prisma.digest.findFirstOrThrow({ where: { groupId: group.id, periodId: period.id } });
    expect(saved.content).toEqual(content);
    expect(saved.builtAt).toEqual(builtAt);
  });

  it("keeps the content as json text (nothing queries inside it), lz4-compressed on a server that has lz4", async () => {
    // jsonb conversion and pglz compression were most of the database time of saving a large
    // group's 5 MB 旬简报 (bench item 4c).
    const [column] = await db.prisma.$queryRaw<{ type: string; compression: string }[]>`
      SELECT format_type(atttypid, atttypmod) AS type, attcompression::text AS compression
      FROM pg_attribute WHERE attrelid = '"Digest"'::regclass AND attname = 'content'`;
    expect(column?.type).toBe("json");
    const lz4 = await db.prisma.$executeRaw`SET LOCAL default_toast_compression = lz4`.then(
      () => true,
      () => false,
    );
    if (lz4) expect(column?.compression).toBe("l");
  });

  it("numbers builds of a period 1, 2, 3 ... even when they are saved at the same moment", async () => {
    const store = createDigestStore(db.prisma);
    const { group, period } = await buildBasics(db.prisma, "-race");
    const builtAt = new Date("2023-01-21T01:00:00Z");
    const versions = await Promise.all(
      [1, 2, 3, 4].map(() =>
        store.saveDigest({ final: true, groupId: group.id, periodId: period.id, builtAt, content }),
      ),
    );
    expect([...versions].sort()).toEqual([1, 2, 3, 4]);
    expect(await db.prisma.digest.count({ where: { groupId: group.id, periodId: period.id } })).toBe(4);
  });
});
