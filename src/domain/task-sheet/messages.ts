import { headerOf, REQUIRED_FIELDS, TASK_SHEET_COLUMNS } from "./columns.js";
import type { SheetIssue } from "./types.js";

/**
 * Every Chinese sentence the task sheet import and export show to the office staff, in one place.
 * The CLI prints them as they are; the chat bot may show them too.
 */

const REQUIRED_HEADERS = REQUIRED_FIELDS.map(headerOf).join("、");
const OPTIONAL_HEADERS = TASK_SHEET_COLUMNS.filter((c) => !c.required)
  .map((c) => c.header)
  .join("、");
const q = (value: string) => `“${value}”`;

export const SHEET_MESSAGES = {
  // The header row.
  emptySheet: () => `工作表是空的：第1行应为表头（${REQUIRED_HEADERS}）`,
  missingColumns: (headers: string[]) =>
    `表头缺少列：${headers.join("、")}（表头应为：${REQUIRED_HEADERS}；可选列：${OPTIONAL_HEADERS}）`,
  duplicateColumn: (header: string, firstColumn: string, column: string) =>
    `${q(header)}列重复（第${firstColumn}列和第${column}列）`,
  noTaskRows: () => "表头下面没有任务行",
  unknownColumns: (headers: string[]) => `忽略未识别的列：${headers.map(q).join("、")}`,

  // Task cells.
  missingKey: () => "编号为空（同一任务的后续行可把编号和任务都留空，表示接续上一行的任务）",
  nothingToContinue: () => "编号为空，上面也没有可接续的任务",
  badTaskKey: (value: string) => `编号${q(value)}格式不对，应为大写字母开头的字母、数字和连字符，如 MS-03`,
  continuesNoTask: (key: string, above: string[]) =>
    `编号${q(key)}与上面的任务都不对应：任务为空的行接续上面编号相同的任务` +
    (above.length > 0 ? `（上面的编号：${above.slice(-5).join("、")}）` : "") +
    `；新任务须填写任务`,
  required: (header: string) => `${header}不能为空`,
  badListKind: (value: string) => `清单类型${q(value)}无效，应为任务清单、项目清单、政策清单或指标清单`,
  unknownUnit: (value: string) => `单位${q(value)}不存在（可填单位全称、简称、别名或编码，多个单位用“、”分隔）`,
  ambiguousUnit: (value: string, names: string[]) => `${q(value)}可指多个单位：${names.join("、")}，请写单位全称`,
  leadAndParticipant: (name: string) => `单位${q(name)}同时列为牵头单位和参与单位`,
  badDate: (header: string, value: string) =>
    `${header}${q(value)}不是日期，可填日期单元格，或 2023-12-31、2023年12月31日、2023年6月底、2023年底`,
  startAfterEnd: (start: string, end: string) => `开始日期 ${start} 晚于完成时限 ${end}`,
  badCycles: (value: string) => `报送周期${q(value)}无效，可填旬、月、季（多个用“、”分隔），留空表示专班启用的全部周期`,
  conflict: (header: string, firstRow: number) =>
    `${header}与第${firstRow}行不一致：同一编号各行的任务信息须相同（后续行也可留空）`,

  // Target cells.
  notANumber: (header: string, value: string) => `${header}${q(value)}不是数字`,
  tooPrecise: (header: string, value: string) => `${header}${q(value)}最多保留4位小数，整数部分不超过16位`,
  unitMismatch: (header: string, value: string, unit: string, unitOfMeasure: string) =>
    `${header}${q(value)}所带单位${q(unit)}与单位列${q(unitOfMeasure)}不一致`,
  targetWithoutMetric: (headers: string[]) => `填写了${headers.join("、")}，但指标为空`,
  missingUnitOfMeasure: () => "单位不能为空（指标的计量单位，如 万人、%、个）",
  badTargetKey: (value: string) =>
    `指标编码${q(value)}格式不对，应为小写字母开头的字母、数字和连字符，如 new-urban-jobs`,
  badDirection: (value: string) => `方向${q(value)}无效，应为增加或减少`,
  badKind: (value: string) => `指标类型${q(value)}无效，应为累计、水平或比率`,
  outOfBounds: (header: string, value: string, bounds: string) => `${header}${q(value)}超出范围：${bounds}`,
  oneTargetLead: () => "指标牵头单位只能填一个单位",
  targetLeadNotLead: (name: string) => `指标牵头单位${q(name)}不是该任务的牵头单位`,
  baselineWrongWay: (direction: "increase" | "decrease", baseline: number) =>
    direction === "increase" ? `目标值低于基数 ${baseline}，但方向为增加` : `目标值高于基数 ${baseline}，但方向为减少`,
  duplicateTargetKey: (key: string, row: number) => `指标编码${q(key)}与第${row}行重复（同一任务内指标编码须唯一）`,
  duplicateMetric: (metric: string, row: number) =>
    `指标${q(metric)}与第${row}行重复（同一任务内的指标须不同；确需同名时请填写不同的指标编码）`,

  // Warnings.
  notMember: (name: string) => `单位${q(name)}不是本专班的成员单位`,
  targetKept: (task: string, metric: string) => `${task} 的指标${q(metric)}已不在表中，但已有报送数据，予以保留`,
} as const;

/** `第5行 目标值：“七十”不是数字` */
export function formatSheetIssue(issue: SheetIssue): string {
  return issue.column ? `第${issue.row}行 ${issue.column}：${issue.message}` : `第${issue.row}行：${issue.message}`;
}

/** The 填表说明 sheet export adds after the task sheet. */
export const TASK_SHEET_GUIDE: readonly string[] = [
  "填表说明",
  "",
  "1. 第一个工作表为任务清单，第1行为表头，不要改动表头文字；每行一个指标。",
  "2. 一个任务有多个指标时占多行，各行编号相同；任务信息（任务、清单类型、牵头单位、参与单位、完成时限等）各行须相同，后续行也可留空。编号和任务都留空的行接续上一行的任务。",
  "3. 没有指标的任务占一行，指标、单位、目标值留空。",
  "4. 编号：大写字母开头的字母、数字和连字符，中间不能有空格，如 MS-03；在本专班内唯一，再次导入时按编号更新。任务为空的行须使用上面某个任务的编号，否则报错（不会当作新任务）。",
  "5. 清单类型：任务清单、项目清单、政策清单、指标清单（也可写任务、项目、政策、指标）。",
  "6. 牵头单位、参与单位：单位全称、简称、别名或编码，多个单位用“、”“，”“,”“;”分隔；单位须已在系统中登记。",
  "7. 目标值、基数：数字，可用全角数字和千分位逗号，最多4位小数。",
  "8. 完成时限、开始日期：日期单元格，或 2023-12-31、2023年12月31日、2023年6月底、2023年底。",
  "9. 指标编码：小写字母开头的字母、数字和连字符，用来在再次导入时识别指标；不填时按指标文字识别，改了指标文字就会当作新指标。",
  "10. 指标牵头单位：任务有多个牵头单位时，负责该指标的那一个；留空表示全部牵头单位。",
  "11. 方向：增加或减少（留空为增加）。指标类型：累计（完成值为年内累计，按时序进度判断）、水平（标准或存量，达到即完成）或比率（比例、增速，达到即完成）；留空为累计。",
  "12. 报送周期：旬、月、季，多个用“、”分隔；留空表示专班启用的全部周期。",
  "13. 表中没有的任务在导入后停用（不删除，报送记录保留）；已有报送数据的指标不会被删除。",
  "14. 有任何错误时整个文件不导入，并列出所有出错的行。",
];
