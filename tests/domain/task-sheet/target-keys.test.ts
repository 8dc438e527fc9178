import { describe, expect, it } from "vitest";
import { deriveTargetKey, resolveTargetKeys } from "../../../src/domain/task-sheet/target-keys.js";
import type { SheetTask } from "../../../src/domain/task-sheet/types.js";

const task = (targets: SheetTask["targets"]): SheetTask => ({
  row: 2,
  key: "MS-03",
  title: "就业",
  listKind: "project",
  lead: ["hrss"],
  participants: [],
  endDate: "2023-12-31",
  targets,
});
const target = (row: number, metric: string, key?: string) => ({
  row,
  metric,
  unitOfMeasure: "万人",
  targetValue: 1,
  ...(key === undefined ? {} : { key }),
});

describe("deriveTargetKey", () => {
  it("is a valid target key, the same for the same text whatever its width and spacing", () => {
    const key = deriveTargetKey("城镇新增就业");
    expect(key).toMatch(/^m-[0-9a-f]{8}$/);
    expect(deriveTargetKey(" 城镇 新增就业 ")).toBe(key);
    expect(deriveTargetKey("城镇新增就业（ＰＭ２．５）")).toBe(deriveTargetKey("城镇新增就业(PM2.5)"));
    expect(deriveTargetKey("城镇新增就业人数")).not.toBe(key);
    // Pinned: a change to the derivation would orphan every target imported without 指标编码.
    expect(deriveTargetKey("abc")).toBe("m-1a47e90b");
  });
});

describe("resolveTargetKeys", () => {
  const stored = new Map([
    [
      "MS-03",
      [
        { key: "new-urban-jobs", metric: "城镇新增就业" },
        { key: "skills-training", metric: "补贴性职业技能培训" },
      ],
    ],
  ]);

  it("uses 指标编码, then a stored target with the same text, then the derived key", () => {
    const result = resolveTargetKeys(
      [task([target(2, "改过的文字", "skills-training"), target(3, "城镇 新增就业"), target(4, "新指标")])],
      stored,
    );
    expect(result.ok && result.tasks[0]?.targets.map((t) => t.key)).toEqual([
      "skills-training",
      "new-urban-jobs",
      deriveTargetKey("新指标"),
    ]);
  });

  it("does not match by text a stored target whose key another row claims", () => {
    const result = resolveTargetKeys(
      [task([target(2, "新的就业指标", "new-urban-jobs"), target(3, "城镇新增就业")])],
      stored,
    );
    expect(result.ok && result.tasks[0]?.targets.map((t) => t.key)).toEqual([
      "new-urban-jobs",
      deriveTargetKey("城镇新增就业"),
    ]);
  });

  it("reports two rows that end up with the same key", () => {
    const derived = deriveTargetKey("新指标");
    const result = resolveTargetKeys([task([target(2, "别的", derived), target(3, "新指标")])], new Map());
    expect(result).toEqual({
      ok: false,
      errors: [{ row: 3, column: "指标", message: `指标编码“${derived}”与第2行重复（同一任务内指标编码须唯一）` }],
    });
  });
});
