import { describe, expect, it } from "vitest";
import { TASK_SHEET_COLUMNS } from "../../../src/domain/task-sheet/columns.js";
import { taskSheetTable } from "../../../src/domain/task-sheet/format-rows.js";
import { formatSheetIssue } from "../../../src/domain/task-sheet/messages.js";
import { parseTaskSheet } from "../../../src/domain/task-sheet/parse-rows.js";
import { resolveTargetKeys } from "../../../src/domain/task-sheet/target-keys.js";
import type { SheetRow, TaskListEntry } from "../../../src/domain/task-sheet/types.js";
import { UNITS } from "./fixtures.js";

const ENTRIES: TaskListEntry[] = [
  {
    key: "MS-04",
    title: "开展妇幼健康守护行动",
    listKind: "project",
    lead: ["health", "women"],
    participants: ["finance"],
    startDate: "2023-03-01",
    endDate: "2023-12-31",
    cycles: ["month", "quarter"],
    description: "第一行\n第二行",
    source: "湘政办发〔2023〕2号",
    targets: [
      {
        key: "county-mch",
        metric: "完成县级妇幼保健机构标准化建设",
        unitOfMeasure: "个",
        targetValue: 48,
        baseline: null,
        direction: "increase",
        kind: "cumulative",
        lead: "health",
      },
      {
        key: "m-0badf00d",
        metric: "事故起数",
        unitOfMeasure: "起",
        targetValue: 2.5,
        baseline: 8,
        direction: "decrease",
        kind: "level",
        lead: null,
      },
    ],
  },
  {
    key: "KJ-01",
    title: "没有牵头单位和指标的任务",
    listKind: "indicator",
    lead: [],
    participants: [],
    startDate: null,
    endDate: "2023-06-30",
    cycles: [],
    description: null,
    source: null,
    targets: [],
  },
];

describe("taskSheetTable", () => {
  const table = taskSheetTable(ENTRIES, UNITS);

  it("writes every column, one row per target, names for units and words for choices", () => {
    expect(table.header).toEqual(TASK_SHEET_COLUMNS.map((c) => c.header));
    expect(table.header.slice(0, 9)).toEqual([
      "编号",
      "任务",
      "清单类型",
      "牵头单位",
      "参与单位",
      "指标",
      "单位",
      "目标值",
      "完成时限",
    ]);
    expect(table.rows).toHaveLength(3);
    const row = Object.fromEntries(table.header.map((h, i) => [h, table.rows[1]?.[i]]));
    expect(row).toMatchObject({
      编号: "MS-04",
      清单类型: "项目清单",
      牵头单位: "省卫生健康委、省妇联",
      参与单位: "省财政厅",
      目标值: 2.5,
      完成时限: new Date("2023-12-31T00:00:00Z"),
      指标编码: "m-0badf00d",
      指标牵头单位: null,
      方向: "减少",
      基数: 8,
      指标类型: "水平",
      报送周期: "月、季",
    });
    expect(table.rows[2]?.slice(5, 8)).toEqual([null, null, null]);
  });

  it("reads back as the same tasks (the round trip of export and import)", () => {
    const rows: SheetRow[] = [table.header, ...table.rows].map((cells, i) => ({ row: i + 1, cells }));
    const parsed = parseTaskSheet(rows, { units: UNITS });
    if (!parsed.ok) throw new Error(parsed.errors.map(formatSheetIssue).join("\n"));
    const keyed = resolveTargetKeys(parsed.tasks, new Map());
    if (!keyed.ok) throw new Error("keys");
    const back = keyed.tasks.map(({ row: _row, targets, ...task }) => ({
      ...task,
      targets: targets.map(({ row: _r, ...t }) => t),
    }));
    expect(back).toEqual(ENTRIES);
  });
});
