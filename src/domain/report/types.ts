import type { TargetKind } from "../target/kind.js";
// Types shared by the three report input paths (text template, guided flow, form).
// Errors carry codes and details only; the Chinese (and English) wording lives in the message catalogue.

/** 正常推进 / 存在风险 / 滞后 / 已完成, as the `ReportStatus` enum of prisma/schema.prisma. */
export const REPORT_STATUSES = ["on_track", "at_risk", "behind", "done"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What the report code needs to know about one target (指标) of the task being reported on. */
export interface TargetSpec {
  /** Stable key inside the task, e.g. `jobs`. */
  readonly key: string;
  /** 指标名称 as users write it, e.g. 城镇新增就业. Users may use it as a template key. */
  readonly metric: string;
  /** Unit of measure, e.g. 万人, %, 个, 公里; empty when the target has none. */
  readonly unitOfMeasure: string;
  readonly targetValue: number;
  readonly direction: "increase" | "decrease";
  /** cumulative, level or rate; with the bounds below it decides which values are possible. */
  readonly kind?: TargetKind;
  /** The target's own bounds; null or absent = the kind's default (a count is never negative). */
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
}

export interface ReportValueDraft {
  targetKey: string;
  /** Expressed in the target's unit of measure (users' units are converted). */
  value: number;
}

/** A report as entered, before it is tied to stored rows (task id, unit, period id, version). */
export interface ReportDraft {
  taskKey?: string;
  /** The period as the user wrote it (`2023-01-X2`, `2023年1月中旬`) or the caller's default; parsed elsewhere. */
  periodRef?: string;
  values: ReportValueDraft[];
  status: ReportStatus;
  progress: string;
  problems: string;
  nextSteps: string;
  coordinationNeeded: string;
}

export const REPORT_FIELDS = [
  "task",
  "period",
  "value",
  "status",
  "progress",
  "problems",
  "nextSteps",
  "coordination",
  "text",
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];

/**
 * Every code a report error can carry. The message catalogue needs one entry per code (and may vary the
 * wording per field).
 *
 * - `missing`: a required field was not given at all (or, in a form, left blank).
 * - `empty`: the field's key is present in the text but its value is blank.
 * - `not_a_number`: a value is not a number (`abc`, `12.5.3`, `1e400`); detail `target`, `text`.
 * - `too_long`: a text field, the whole text, a task key / period or a number with too many digits;
 *   detail `max` and `length` (or `maxDigits`).
 * - `out_of_range`: a value beyond ±1e12; detail `target`, `max`.
 * - `too_precise`: a value with more than 4 decimals (after unit conversion), which the database
 *   could not keep as confirmed; detail `target`, `max`.
 * - `out_of_bounds`: a value the target cannot take (a negative count, a share above 100%); detail
 *   `target` (its metric), `value`, and `min` and/or `max`.
 * - `unit_mismatch`: the unit written is not convertible to the target's (`%` for 万人); detail
 *   `target`, `unit`, `expected`.
 * - `unknown_status`: the status is none of the accepted words; detail `text`.
 * - `unknown_field`: a `key：value` line whose key is not a template field; detail `key`, `line`,
 *   and `suggestion` (the canonical label) when the key looks like a typo of one.
 * - `duplicate_field`: a field (or the value of one target) given twice; detail `key` or `target`, `line`.
 * - `unknown_target`: a value for a target the task does not have; detail `target`.
 * - `ambiguous_target`: a bare 完成值 line when the task has several targets; detail `targets` (comma-separated keys).
 * - `no_targets`: a value was given but the task has no targets.
 * - `unknown_task`: the header names a task the caller does not know; detail `task`.
 * - `unexpected_text`: a line that belongs to no field (before the first key, or a second line under a
 *   one-line field such as 状态); detail `line`.
 * - `invalid`: structurally wrong input from a form or guided flow (a number where a string belongs).
 */
export const REPORT_ERROR_CODES = [
  "missing",
  "empty",
  "not_a_number",
  "too_long",
  "out_of_range",
  "too_precise",
  "out_of_bounds",
  "unit_mismatch",
  "unknown_status",
  "unknown_field",
  "duplicate_field",
  "unknown_target",
  "ambiguous_target",
  "no_targets",
  "unknown_task",
  "unexpected_text",
  "invalid",
] as const;
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

export interface ReportFieldError {
  field: ReportField;
  code: ReportErrorCode;
  detail?: Record<string, string | number>;
}

export type ReportResult = { ok: true; draft: ReportDraft } | { ok: false; errors: ReportFieldError[] };
