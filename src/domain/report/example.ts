// Templates the bot shows: a filled-in example (in error messages and /report help) and a blank one
// pre-filled with the task and period (in reminders, for the user to copy, fill in and send back).
// Both are made of TEMPLATE_LABELS only; sample prose is the caller's (from the message catalogue),
// `……` when none is given, as in docs/design.md.

import { KeyResolver } from "./keys.js";
import { label, statusLabel, TEMPLATE_LABELS } from "./labels.js";
import { toHalfWidth, unifyLineBreaks } from "./normalize.js";
import { convertQuantity, formatNumber, parseQuantity } from "./number.js";
import { MAX_ABS_VALUE } from "./schema.js";
import type { ReportStatus, TargetSpec } from "./types.js";

export interface TemplateOptions {
  /** Printed in the header; task keys start with a letter (MS-03), as the header parser expects. */
  taskKey?: string;
  /** A period id (`2023-01-X2`) or its Chinese name, printed in the header. */
  periodId?: string;
  targets: readonly TargetSpec[];
  /** Print the `报送 …` header line (default true). A reply to a reminder may leave it out. */
  includeHeader?: boolean;
}

export interface ExampleOptions extends TemplateOptions {
  status?: ReportStatus;
  /** Sample prose, from the message catalogue; `……` for each one not given. */
  texts?: Partial<Record<"progress" | "problems" | "nextSteps" | "coordination", string>>;
}

const PLACEHOLDER = "……";

/** The value an example shows for a target: half its target value, as printed (≤ 4 decimals). */
export function exampleValue(target: TargetSpec): number {
  const half = Number.isFinite(target.targetValue) ? target.targetValue / 2 : 0;
  const clamped = Math.max(-MAX_ABS_VALUE, Math.min(MAX_ABS_VALUE, half));
  const value = Number(formatNumber(clamped));
  return Object.is(value, -0) ? 0 : value;
}

/** A complete, valid report text for the task: parsing it gives {@link exampleValue} for every target. */
export function exampleTemplate(options: ExampleOptions): string {
  const resolver = new KeyResolver(options.targets);
  const colon = TEMPLATE_LABELS.colon;
  const texts = options.texts ?? {};
  const lines = header(options);
  for (const target of options.targets) {
    const value = exampleValue(target);
    lines.push(`${valueKey(target, options.targets, resolver, false)}${colon}${valueText(value, target)}`);
  }
  lines.push(`${label("status")}${colon}${statusLabel(options.status ?? "on_track")}`);
  lines.push(`${label("progress")}${colon}${texts.progress ?? PLACEHOLDER}`);
  lines.push(`${label("problems")}${colon}${texts.problems ?? PLACEHOLDER}`);
  lines.push(`${label("nextSteps")}${colon}${texts.nextSteps ?? PLACEHOLDER}`);
  lines.push(`${label("coordination")}${colon}${texts.coordination ?? PLACEHOLDER}`);
  return lines.join("\n");
}

/**
 * The template with the header filled in and every field empty. Value keys name the metric and its
 * unit of measure (`城镇新增就业（万人）：`), so the user knows what to write.
 */
export function blankTemplate(options: TemplateOptions): string {
  const resolver = new KeyResolver(options.targets);
  const colon = TEMPLATE_LABELS.colon;
  const lines = header(options);
  for (const target of options.targets) lines.push(`${valueKey(target, options.targets, resolver, true)}${colon}`);
  for (const field of ["status", "progress", "problems", "nextSteps", "coordination"] as const) {
    lines.push(`${label(field)}${colon}`);
  }
  return lines.join("\n");
}

function header(options: TemplateOptions): string[] {
  if (options.includeHeader === false) return [];
  const parts = [TEMPLATE_LABELS.header[0], options.taskKey, options.periodId].filter(
    (part): part is string => part !== undefined && part.trim() !== "",
  );
  return [parts.join(" ")];
}

/** The first of the candidate keys that the parser maps back to this very target. */
function valueKey(
  target: TargetSpec,
  targets: readonly TargetSpec[],
  resolver: KeyResolver,
  withUnit: boolean,
): string {
  const valueLabel = label("value");
  const unit = target.unitOfMeasure.trim();
  const metric = target.metric.trim();
  const candidates: string[] = [];
  const single = targets.length === 1;
  // The metric first (`城镇新增就业（万人）`), so the reader knows what to write; 完成值 only when the
  // metric cannot be read back as this target.
  if (withUnit && unit !== "") {
    candidates.push(`${metric}（${unit}）`);
    if (single) candidates.push(`${valueLabel}（${unit}）`);
  }
  candidates.push(metric);
  if (single) candidates.push(valueLabel);
  candidates.push(`${valueLabel}[${target.key}]`);
  const usable = candidates.find((key) => {
    if (/[:\n]/.test(toHalfWidth(unifyLineBreaks(key)))) return false;
    const match = resolver.resolve(key);
    return match?.kind === "value" && match.target === target;
  });
  return usable ?? `${valueLabel}[${target.key}]`;
}

/** `35万人` when the unit reads back as that unit, else the bare number (read in the target's unit). */
function valueText(value: number, target: TargetSpec): string {
  const number = formatNumber(value);
  const withUnit = `${number}${target.unitOfMeasure.trim()}`;
  if (unifyLineBreaks(withUnit).includes("\n")) return number;
  const parsed = parseQuantity(withUnit);
  if (parsed.ok && parsed.unit !== undefined) {
    const converted = convertQuantity(parsed, target.unitOfMeasure);
    if (converted.ok && converted.value === value) return withUnit;
  }
  return number;
}
