import { TEMPLATE_LABELS } from "../../domain/report/labels.js";
import { FORM_ERROR_GENERAL } from "../chat/outbound.js";

// A report form is read by turning its fields into the text template and parsing that, so a form
// and a typed report are judged by one parser. The core's form path (report-flow.ts) and the
// platforms' pre-ack check (form-check.ts) both build the text here, so their refusals agree.

/** A number field of the report form: `value:<target key>`. */
export const VALUE_FIELD_PREFIX = "value:";

const STATUSES = ["on_track", "at_risk", "behind", "done"] as const;

/** The template text a submitted report form stands for. */
export function reportFormText(
  taskKey: string,
  periodKey: string | undefined,
  targets: readonly { key: string; metric: string }[],
  values: Record<string, string>,
): string {
  const statusWord = STATUSES.includes(values.status as never)
    ? TEMPLATE_LABELS.statuses[values.status as "on_track"][0]
    : (values.status ?? "");
  const valueOf = (targetKey: string) => values[`${VALUE_FIELD_PREFIX}${targetKey}`] ?? "";
  return [
    `${TEMPLATE_LABELS.header[0]} ${taskKey} ${periodKey ?? ""}`,
    ...targets.filter((target) => valueOf(target.key).trim() !== "").map((t) => `${t.metric}：${valueOf(t.key)}`),
    `${TEMPLATE_LABELS.fields.status[0]}：${statusWord}`,
    `${TEMPLATE_LABELS.fields.progress[0]}：${values.progress ?? ""}`,
    `${TEMPLATE_LABELS.fields.problems[0]}：${values.problems ?? ""}`,
    `${TEMPLATE_LABELS.fields.nextSteps[0]}：${values.nextSteps ?? ""}`,
    `${TEMPLATE_LABELS.fields.coordination[0]}：${values.coordination ?? ""}`,
  ].join("\n");
}

/** The form field a report problem belongs to (the field ids of report-flow's formFor). */
export function formFieldOf(error: { field: string; detail?: Record<string, string | number> }): string {
  if (error.field === "value") {
    const target = error.detail?.target;
    return typeof target === "string" ? `${VALUE_FIELD_PREFIX}${target}` : FORM_ERROR_GENERAL;
  }
  if (["status", "progress", "problems", "nextSteps", "coordination"].includes(error.field)) return error.field;
  return FORM_ERROR_GENERAL;
}

/**
 * The catalogue reason of a refusal, as the chat and the pre-ack form check both word it: "none of
 * the task's values given" reads `都未填写，请至少填写一项` when the template has several value fields
 * (naming them is the caller's), otherwise the error's own code.
 */
export function reasonCodeOf(
  error: { field: string; code: string; detail?: Record<string, string | number> },
  valueFields: number,
): string {
  const aboutNoTarget = error.field === "value" && error.detail?.target === undefined;
  const nothingGiven = error.code === "missing" || error.code === "empty";
  return aboutNoTarget && nothingGiven && valueFields > 1 ? "code.missing_values" : `code.${error.code}`;
}
