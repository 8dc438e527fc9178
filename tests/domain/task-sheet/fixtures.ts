import type { SheetCell, SheetRow, UnitRef } from "../../../src/domain/task-sheet/types.js";

export const UNITS: UnitRef[] = [
  { key: "hrss", name: "省人力资源社会保障厅", shortName: "省人社厅", aliases: ["人社厅"] },
  { key: "finance", name: "省财政厅", shortName: null, aliases: ["财政厅"] },
  { key: "edu", name: "省教育厅", shortName: null, aliases: ["教育厅"] },
  { key: "health", name: "省卫生健康委", shortName: "省卫健委", aliases: ["卫健委"] },
  { key: "women", name: "省妇联", shortName: null, aliases: [] },
  // Two units share an alias, so that alias alone is ambiguous.
  { key: "dev-a", name: "甲开发区管委会", shortName: null, aliases: ["开发区"] },
  { key: "dev-b", name: "乙开发区管委会", shortName: null, aliases: ["开发区"] },
];

export const HEADER = ["编号", "任务", "清单类型", "牵头单位", "参与单位", "指标", "单位", "目标值", "完成时限"];

/** Rows numbered as Excel does: the first array is row 1. */
export function sheet(...rows: SheetCell[][]): SheetRow[] {
  return rows.map((cells, i) => ({ row: i + 1, cells }));
}
