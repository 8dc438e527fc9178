import { validateReportDraft } from "../../domain/report/schema.js";
import { parseReportText } from "../../domain/report/template.js";
import type { ReportFieldError, TargetSpec } from "../../domain/report/types.js";
import type { NumberFieldAccepts } from "../chat/outbound.js";
import { translator, type Locale } from "../i18n/catalog.js";
import { reportMessages } from "../i18n/messages/report.js";
import { formFieldOf, reasonCodeOf, reportFormText, VALUE_FIELD_PREFIX } from "./form-text.js";

/**
 * What a platform kept of a report form's number fields when it opened the form (the form's own
 * `number` fields): the field id (`value:<target key>`), its label (the target's metric) and the
 * target's unit of measure. Enough to read the values exactly as the core will, without asking the
 * database for the task's targets.
 */
export interface FormNumberField {
  id: string;
  label: string;
  unit: string;
  /** The target's kind and bounds, when the platform kept them: out-of-bounds values are refused at once. */
  accepts?: NumberFieldAccepts;
}

export type FormCheck =
  /** The fields are well-formed: the core may still refuse what needs the database (task, period). */
  | { ok: true }
  /** The refusals keyed by form field id, worded as the core words them. */
  | { ok: false; formErrors: Record<string, string> };

/** Stands for the task's key in the header: the check needs a task, not which one. */
const TASK_PLACEHOLDER = "FORM-CHECK";

/**
 * The pure half of a report form's submission (no I/O): parses and validates the submitted values
 * exactly as the core's form path does (the same text built from the fields, the same
 * `parseReportText` and `validateReportDraft`), so that a platform can answer field errors at once
 * and leave storing the report, and what needs the database, to the core.
 *
 * Returns null for a form it does not know (only "report" forms are checked); the caller then
 * leaves the whole judgement to the core.
 */
export function checkReportForm(
  form: { formId: string; context: string; numbers: readonly FormNumberField[] },
  values: Record<string, string>,
  locale: Locale,
): FormCheck | null {
  if (form.formId !== "report") return null;
  const [, , periodKey] = form.context.split(":");
  // Parsing reads a target's key, metric and unit, validation its kind and bounds; its target value
  // and direction play no part.
  const targets: TargetSpec[] = form.numbers
    .filter((field) => field.id.startsWith(VALUE_FIELD_PREFIX))
    .map((field) => ({
      key: field.id.slice(VALUE_FIELD_PREFIX.length),
      metric: field.label,
      unitOfMeasure: field.unit,
      targetValue: 0,
      direction: "increase",
      ...(field.accepts ?? {}),
    }));
  const parsed = parseReportText(reportFormText(TASK_PLACEHOLDER, periodKey, targets, values), {
    targets,
    knownTaskKeys: [TASK_PLACEHOLDER],
    defaultTaskKey: TASK_PLACEHOLDER,
    ...(periodKey ? { defaultPeriodId: periodKey } : {}),
  });
  const errors = parsed.ok ? validateReportDraft(parsed.draft, targets) : parsed;
  if (errors.ok) return { ok: true };
  return { ok: false, formErrors: formErrorsOf(errors.errors, targets.length, locale) };
}

/** The reasons by form field, as the core's refusal of a form carries them (report-flow's errorReply). */
function formErrorsOf(
  errors: readonly ReportFieldError[],
  valueFields: number,
  locale: Locale,
): Record<string, string> {
  const t = translator(reportMessages, locale);
  const formErrors: Record<string, string> = {};
  for (const error of errors) {
    const code = reasonCodeOf(error, valueFields) as Parameters<typeof t>[0];
    const reason = t(code, error.detail ?? {});
    const fieldId = formFieldOf(error);
    formErrors[fieldId] = formErrors[fieldId] ? `${formErrors[fieldId]}；${reason}` : reason;
  }
  return formErrors;
}
