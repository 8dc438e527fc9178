// The validated report record: the same shape whether it came from the text template, the guided flow
// (Telegram) or the form (Slack modal). All three call `validateReportDraft`, so a report is judged by
// one set of rules and fails with one error type.
//
// Rules:
// - status is required (one of REPORT_STATUSES);
// - progress (进展) is required; problems, next steps and coordination may be empty;
// - each text ≤ 2,000 characters (UTF-16 units, as JavaScript and zod count); a text sent whole is
//   limited to 10,000 (`parseReportText` checks that before parsing);
// - when the task has targets, at least one value: a report may leave some targets out (a 旬 report on a
//   yearly indicator often has nothing new for each of them), but not all; each target at most once;
//   values only for the task's targets; when it has none, no values;
// - values finite and within ±1e12 (the database column is DECIMAL(20,4): four decimals are kept).

import { z } from "zod";

import { targetBounds, valueWithinBounds } from "../target/kind.js";
import { REPORT_ERROR_CODES, REPORT_FIELDS, REPORT_STATUSES } from "./types.js";
import type { ReportDraft, ReportErrorCode, ReportField, ReportFieldError, ReportResult, TargetSpec } from "./types.js";

export const MAX_FIELD_LENGTH = 2_000;
/** A report sent as one text (template with all its fields). */
export const MAX_TEXT_LENGTH = 10_000;
/** Task keys and period references. */
export const MAX_KEY_LENGTH = 64;
export const MAX_ABS_VALUE = 1e12;
/** Decimals a value may have: the database keeps four (DECIMAL(20,4)), and stores what was confirmed. */
export const MAX_DECIMALS = 4;
export const MAX_VALUES = 100;
/** Text fields a report cannot leave empty. */
export const REQUIRED_TEXT_FIELDS = ["progress"] as const;

const missingOr =
  (otherwise: ReportErrorCode) =>
  (issue: { input?: unknown }): ReportErrorCode =>
    issue.input === undefined ? "missing" : otherwise;

export const reportStatusSchema = z.enum(REPORT_STATUSES, { error: missingOr("unknown_status") });

const keySchema = z
  .string({ error: missingOr("invalid") })
  .trim()
  .min(1, { error: "empty" })
  .max(MAX_KEY_LENGTH, { error: "too_long" });

const proseSchema = z.string({ error: "invalid" }).trim().max(MAX_FIELD_LENGTH, { error: "too_long" });

export const reportValueSchema = z.object({
  targetKey: z.string({ error: missingOr("invalid") }).min(1, { error: "missing" }),
  value: z
    .number({ error: missingOr("not_a_number") })
    .min(-MAX_ABS_VALUE, { error: "out_of_range" })
    .max(MAX_ABS_VALUE, { error: "out_of_range" })
    // Rounded to the column's scale it must stay the same number, or the confirmation would show a
    // value the database does not hold (0.00001 kept as 0).
    .refine((v) => !Number.isFinite(v) || Number(v.toFixed(MAX_DECIMALS)) === v, { error: "too_precise" }),
});

const draftShape = {
  taskKey: keySchema.optional(),
  periodRef: keySchema.optional(),
  values: z.array(reportValueSchema, { error: missingOr("invalid") }).max(MAX_VALUES, { error: "too_long" }),
  status: reportStatusSchema,
  progress: z
    .string({ error: missingOr("invalid") })
    .trim()
    .min(1, { error: "missing" })
    .max(MAX_FIELD_LENGTH, {
      error: "too_long",
    }),
  problems: proseSchema.default(""),
  nextSteps: proseSchema.default(""),
  coordinationNeeded: proseSchema.default(""),
};

/** The record without the task's target rules (shape, status, lengths, value range). */
export const reportDraftSchema = z.object(draftShape);

/**
 * The rules that depend on the task's targets, on the values as given (entries read defensively, so that
 * they apply even when other parts of the record are malformed): at least one value when the task has
 * targets, only its targets, each once.
 */
function targetIssues(values: unknown, targets: readonly TargetSpec[]): TargetIssue[] {
  if (!Array.isArray(values)) return [];
  const entries: unknown[] = values;
  const issues: TargetIssue[] = [];
  if (entries.length === 0 && targets.length > 0) issues.push({ code: "missing" });
  const byKey = new Map(targets.map((t) => [t.key, t]));
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const targetKey = at(entry, "targetKey");
    if (typeof targetKey !== "string" || targetKey === "") return;
    const target = byKey.get(targetKey);
    if (!target) issues.push({ code: targets.length === 0 ? "no_targets" : "unknown_target", index });
    else if (seen.has(targetKey)) issues.push({ code: "duplicate_field", index });
    else {
      // A value the target cannot take: a negative count (失业保险参保人数 -3), a share above 100%.
      const value = at(entry, "value");
      const bounds = target.kind ? targetBounds({ ...target, kind: target.kind }) : null;
      if (bounds && typeof value === "number" && Number.isFinite(value) && !valueWithinBounds(value, bounds)) {
        issues.push({
          code: "out_of_bounds",
          index,
          detail: {
            target: target.metric,
            value,
            ...(bounds.min !== null ? { min: bounds.min } : {}),
            ...(bounds.max !== null ? { max: bounds.max } : {}),
          },
        });
      }
    }
    seen.add(targetKey);
  });
  return issues;
}

interface TargetIssue {
  code: ReportErrorCode;
  index?: number;
  detail?: Record<string, string | number>;
}

/**
 * The record with the rules that depend on the task's targets, as a zod schema (for callers that compose
 * schemas). `validateReportDraft` applies the same rules without building a schema per call.
 */
export function reportDraftSchemaFor(targets: readonly TargetSpec[]) {
  return z.object({
    ...draftShape,
    values: draftShape.values.superRefine(
      (values, ctx) => {
        for (const issue of targetIssues(values, targets)) {
          ctx.addIssue({
            code: "custom",
            message: issue.code,
            ...(issue.index !== undefined ? { path: [issue.index, "targetKey"] } : {}),
          });
        }
      },
      { when: (payload) => Array.isArray(payload.value) },
    ),
  });
}

// The schema's output is a ReportDraft (checked here at compile time).
const _outputIsDraft: (value: z.output<ReturnType<typeof reportDraftSchemaFor>>) => ReportDraft = (value) => value;

const FIELD_OF_PROPERTY: Record<string, ReportField> = {
  taskKey: "task",
  periodRef: "period",
  values: "value",
  status: "status",
  progress: "progress",
  problems: "problems",
  nextSteps: "nextSteps",
  coordinationNeeded: "coordination",
};
const KNOWN_CODES = new Set<string>(REPORT_ERROR_CODES);

/**
 * Validates a report from any input path against the task's targets (the rules of `reportDraftSchemaFor`). Strings are trimmed; the draft
 * returned is the cleaned record. Never throws.
 */
export function validateReportDraft(input: unknown, targets: readonly TargetSpec[]): ReportResult {
  const result = reportDraftSchema.safeParse(input);
  const issues = targetIssues(at(input, "values"), targets);
  if (result.success && issues.length === 0) return { ok: true, draft: result.data };
  const errors: ReportFieldError[] = [];
  const add = (error: ReportFieldError) => {
    const duplicate = errors.some(
      (e) =>
        e.field === error.field && e.code === error.code && JSON.stringify(e.detail) === JSON.stringify(error.detail),
    );
    if (!duplicate) errors.push(error);
  };
  for (const issue of result.success ? [] : result.error.issues) add(toFieldError(issue, input));
  for (const issue of issues) {
    const targetKey = issue.index === undefined ? undefined : at(at(at(input, "values"), issue.index), "targetKey");
    add({
      field: "value",
      code: issue.code,
      ...(issue.detail
        ? { detail: issue.detail }
        : typeof targetKey === "string"
          ? { detail: { target: targetKey.slice(0, MAX_KEY_LENGTH) } }
          : {}),
    });
  }
  const order = (field: ReportField) => (field === "text" ? -1 : REPORT_FIELDS.indexOf(field));
  return { ok: false, errors: errors.sort((a, b) => order(a.field) - order(b.field)) };
}

function toFieldError(issue: z.core.$ZodIssue, input: unknown): ReportFieldError {
  const [property, index] = issue.path;
  const field: ReportField = (typeof property === "string" ? FIELD_OF_PROPERTY[property] : undefined) ?? "text";
  let code: ReportErrorCode;
  if (KNOWN_CODES.has(issue.message)) code = issue.message as ReportErrorCode;
  else if (issue.code === "too_big") code = "too_long";
  else if (issue.code === "too_small") code = "missing";
  else if (issue.code === "invalid_value" && field === "status") code = "unknown_status";
  else code = "invalid";

  const detail: Record<string, string | number> = {};
  if (field === "value" && typeof index === "number") {
    const entry = at(at(input, "values"), index);
    const targetKey = at(entry, "targetKey");
    if (typeof targetKey === "string") detail.target = targetKey.slice(0, MAX_KEY_LENGTH);
  }
  if (code === "out_of_range") detail.max = MAX_ABS_VALUE;
  if (code === "too_precise") detail.max = MAX_DECIMALS;
  if (code === "too_long" && issue.code === "too_big") {
    detail.max = Number(issue.maximum);
    const value = typeof property === "string" ? at(input, property) : undefined;
    if (typeof value === "string" || Array.isArray(value)) detail.length = value.length;
  }
  return Object.keys(detail).length > 0 ? { field, code, detail } : { field, code };
}

function at(value: unknown, key: string | number): unknown {
  if (typeof value !== "object" || value === null) return undefined;
  return (value as Record<string | number, unknown>)[key];
}
