import type { ParseContext, TargetSpec } from "../../../src/domain/report/index.js";

export const jobs: TargetSpec = {
  key: "jobs",
  metric: "城镇新增就业",
  unitOfMeasure: "万人",
  targetValue: 70,
  direction: "increase",
};
export const rate: TargetSpec = {
  key: "rate",
  metric: "城镇调查失业率",
  unitOfMeasure: "%",
  targetValue: 5.5,
  direction: "decrease",
};
export const funds: TargetSpec = {
  key: "funds",
  metric: "资金到位",
  unitOfMeasure: "万元",
  targetValue: 12000,
  direction: "increase",
};

/** One target, task and period known from a reminder. */
export const single: ParseContext = { targets: [jobs], defaultTaskKey: "MS-03", defaultPeriodId: "2023-01-X2" };
/** Two targets, no defaults. */
export const double: ParseContext = { targets: [jobs, rate] };

/** The lines of a complete report, without header, for one target. */
export function bodyLines(value = "12.5"): string[] {
  return [
    `完成值：${value}`,
    "状态：正常推进",
    "进展：本旬新增就业1.2万人",
    "问题：无",
    "下步：继续推进",
    "协调事项：无",
  ];
}

export function body(value?: string): string {
  return bodyLines(value).join("\n");
}
