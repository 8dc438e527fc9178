import type { ReportStatus } from "./types.js";

/**
 * The template syntax: the Chinese words that open a report, name its fields and spell its statuses.
 * They are syntax, not prose, so they live here rather than in the message catalogue. The first word
 * of each list is the canonical one that templates and examples print; the others are accepted synonyms.
 * Matching ignores width (全角/半角), whitespace and ASCII case.
 */
export const TEMPLATE_LABELS = {
  /** Words that open the optional header line `报送 MS-03 2023年1月中旬`. */
  header: ["报送", "补报"],
  fields: {
    task: ["任务", "任务编号", "任务代码"],
    period: ["周期", "报送周期", "期次"],
    value: ["完成值", "累计完成", "累计完成值", "进度", "完成"],
    status: ["状态", "进展状态", "推进状态"],
    progress: ["进展", "工作进展", "进展情况", "工作进展情况"],
    problems: ["问题", "存在问题", "困难", "困难问题", "存在的问题", "困难和问题", "问题困难"],
    nextSteps: ["下步", "下一步", "下步打算", "下步计划", "下一步打算", "下一步计划", "下步工作"],
    coordination: ["协调事项", "需协调事项", "需协调", "协调", "需要协调事项", "需协调解决事项"],
  },
  statuses: {
    on_track: ["正常推进", "正常", "按计划", "按计划推进", "顺利推进"],
    at_risk: ["存在风险", "风险", "预警", "有风险"],
    behind: ["滞后", "落后", "延迟", "进度滞后"],
    done: ["已完成", "完成", "全部完成"],
  },
  /** Words tolerated before a number: 约12.5, 累计3000. */
  numberPrefixes: [
    "约为",
    "大约",
    "约",
    "共计",
    "共",
    "累计",
    "合计",
    "总计",
    "达到",
    "已达",
    "达",
    "已完成",
    "完成",
    "计",
  ],
  /** Words tolerated after a number and its unit: 12万人左右. */
  numberSuffixes: ["左右"],
  /** The colon templates print (users may type an ASCII one). */
  colon: "：",
} as const satisfies {
  header: readonly string[];
  fields: Record<TemplateField, readonly string[]>;
  statuses: Record<ReportStatus, readonly string[]>;
  numberPrefixes: readonly string[];
  numberSuffixes: readonly string[];
  colon: string;
};

export type TemplateField =
  "task" | "period" | "value" | "status" | "progress" | "problems" | "nextSteps" | "coordination";

/** The canonical label of a field, e.g. `label("nextSteps")` → 下步. */
export function label(field: TemplateField): string {
  return TEMPLATE_LABELS.fields[field][0];
}

/** The canonical word of a status, e.g. `statusLabel("on_track")` → 正常推进. */
export function statusLabel(status: ReportStatus): string {
  return TEMPLATE_LABELS.statuses[status][0];
}
