// What kind of figure a target is, and which values it may take. Pure; the meaning of each kind for
// lights and pace is written down in src/core/evaluation/index.ts.

/**
 * - `cumulative`: a year-to-date total counted from the baseline (新增就业 12.5万人 so far), judged
 *   against 时序进度;
 * - `level`: a standard or amount in force (低保标准 650元/月, 参保人数 5360万人): met or not;
 * - `rate`: a ratio, share or growth rate (增速 6.5%, 占比 70%): met or not.
 */
export type TargetKind = "cumulative" | "level" | "rate";

export const TARGET_KINDS: readonly TargetKind[] = ["cumulative", "level", "rate"];

/** The values a target's reports may take; null = no bound on that side. */
export interface ValueBounds {
  min: number | null;
  max: number | null;
}

/**
 * The default bounds of a kind: a count or amount (cumulative, level) is never negative; a rate may
 * fall (a growth rate of −3%) but a share in % cannot pass 100 or go below 0 unless it is a growth
 * rate (增速, 增长, 下降), which is bounded below by −100%.
 */
export function defaultBounds(kind: TargetKind, unitOfMeasure: string, metric = ""): ValueBounds {
  if (kind !== "rate") return { min: 0, max: null };
  const growth = /增速|增长|增幅|下降|降低|变化/.test(metric);
  if (unitOfMeasure.trim() === "%") return growth ? { min: -100, max: null } : { min: 0, max: 100 };
  if (unitOfMeasure.trim() === "‰") return growth ? { min: -1000, max: null } : { min: 0, max: 1000 };
  return growth ? { min: null, max: null } : { min: 0, max: null };
}

/** A target's bounds: its own where set, otherwise its kind's defaults. */
export function targetBounds(target: {
  kind: TargetKind;
  unitOfMeasure: string;
  metric?: string;
  minValue?: number | null;
  maxValue?: number | null;
}): ValueBounds {
  const defaults = defaultBounds(target.kind, target.unitOfMeasure, target.metric);
  return {
    min: target.minValue ?? defaults.min,
    max: target.maxValue ?? defaults.max,
  };
}

/** Whether a value is inside the bounds. */
export function valueWithinBounds(value: number, bounds: ValueBounds): boolean {
  return (bounds.min === null || value >= bounds.min) && (bounds.max === null || value <= bounds.max);
}

/** The kind a target had under the former `cumulative` flag (migration, old task sheets). */
export function kindFromCumulative(cumulative: boolean, unitOfMeasure: string): TargetKind {
  if (cumulative) return "cumulative";
  return /^\s*(%|‰|％)\s*$/.test(unitOfMeasure) ? "rate" : "level";
}

/** Bounds in words for a message: `不能小于 0`, `应在 0 到 100 之间`. */
export function describeBounds(bounds: ValueBounds): string {
  if (bounds.min !== null && bounds.max !== null) return `应在 ${bounds.min} 到 ${bounds.max} 之间`;
  if (bounds.min !== null) return `不能小于 ${bounds.min}`;
  if (bounds.max !== null) return `不能大于 ${bounds.max}`;
  return "";
}
