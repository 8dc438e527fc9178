// The text template of a report (docs/design.md, "Contracts"):
//
//     报送 MS-03 2023年1月中旬          ← optional header: task key and period as written
//     完成值：12.5万人                  ← or 完成值[jobs]：…, or 城镇新增就业：65万人 for several targets
//     状态：正常推进
//     进展：……                          ← prose may continue on the following lines
//     问题：……
//     下步：……
//     协调事项：……
//
// Keys take Chinese or ASCII colons and any synonym of TEMPLATE_LABELS. Prose is kept exactly as written
// (no escaping, no HTML stripping: that is a renderer's job). Every problem found is reported in one pass.

import { KeyResolver, suggestLabel, type KeyMatch } from "./keys.js";
import { TEMPLATE_LABELS, type TemplateField } from "./labels.js";
import { normalizeInline, normalizeKey, stripInvisible, toHalfWidth, unifyLineBreaks } from "./normalize.js";
import { convertQuantity, MAX_NUMBER_DIGITS, parseQuantity } from "./number.js";
import { MAX_KEY_LENGTH, MAX_TEXT_LENGTH, REQUIRED_TEXT_FIELDS, validateReportDraft } from "./schema.js";
import { REPORT_FIELDS } from "./types.js";
import type {
  ReportField,
  ReportFieldError,
  ReportResult,
  ReportStatus,
  ReportValueDraft,
  TargetSpec,
} from "./types.js";

export interface ParseContext {
  /** The targets of the task being reported on (the reminder's task, or the one the header names). */
  targets: readonly TargetSpec[];
  /** Task keys the user may name in the header; when given, another key is `unknown_task`. */
  knownTaskKeys?: readonly string[];
  /** The task when the header is omitted (a reply to a reminder). */
  defaultTaskKey?: string;
  /** The period when the header omits it (the reminder's period, or the current one). */
  defaultPeriodId?: string;
}

/** Longer keys than this are never template keys: such a `xxx：` line is text. */
const MAX_TEMPLATE_KEY_LENGTH = 30;
/** Longest excerpt of user text copied into an error detail. */
const DETAIL_EXCERPT = 40;

type ProseField = "progress" | "problems" | "nextSteps" | "coordination";
const PROSE_FIELDS: readonly TemplateField[] = ["progress", "problems", "nextSteps", "coordination"];

interface Entry {
  /** What the lines belong to; `sink` swallows the lines of a bad key so that they raise no further errors. */
  kind: "field" | "value" | "sink";
  /** A sink in place of prose (an unknown key, a repeated 进展) also swallows `xx：` lines, as prose would. */
  prose?: boolean;
  field?: TemplateField;
  target?: TargetSpec;
  /** 1-based line number of the key line. */
  line: number;
  /** The value on the key line, then every continuation line, as written. */
  lines: { text: string; line: number }[];
}

const statusByWord = new Map<string, ReportStatus>();
for (const [status, words] of Object.entries(TEMPLATE_LABELS.statuses) as [ReportStatus, readonly string[]][]) {
  for (const word of [status, ...words]) statusByWord.set(normalizeStatusWord(word), status);
}

/**
 * Parses a report sent as text. Returns the draft, already passed through {@link validateReportDraft}, or
 * every error found (never throws on any input string).
 *
 * The task is the header's, else `defaultTaskKey`; the period the header's, else `defaultPeriodId`; a
 * header that names another task than the default wins (the caller decides what that means).
 */
export function parseReportText(text: string, context: ParseContext): ReportResult {
  if (typeof text !== "string") return fail([{ field: "text", code: "invalid" }]);
  if (text.length > MAX_TEXT_LENGTH) {
    return fail([{ field: "text", code: "too_long", detail: { max: MAX_TEXT_LENGTH, length: text.length } }]);
  }
  const lines = stripInvisible(unifyLineBreaks(text), { keepJoiners: true }).split("\n");
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first === -1) return fail([{ field: "text", code: "empty" }]);

  const errors: ReportFieldError[] = [];
  const resolver = new KeyResolver(context.targets);
  // A metric's own name is a key however long it is (乡（镇）、村（社区）医保经办服务事项直办或帮代办覆盖率（全覆盖）
  // is 33 characters), with room for the （单位） the blank template adds after it.
  const maxKeyLength = Math.max(
    MAX_TEMPLATE_KEY_LENGTH,
    ...context.targets.map((t) => normalizeKey(t.metric).length + normalizeKey(t.unitOfMeasure).length + 2),
  );
  const entries: Entry[] = [];
  const seenFields = new Set<TemplateField>();
  const seenTargets = new Set<string>();
  let current: Entry | undefined;
  let header: { task?: string; period?: string; line: number } | undefined;

  for (let index = first; index < lines.length; index++) {
    const raw = lines[index] ?? "";
    const lineNo = index + 1;
    const split = splitKeyLine(raw, maxKeyLength);
    const match = split ? resolver.resolve(split.key) : undefined;

    if (index === first && !match) {
      const parsed = parseHeader(raw, context, lineNo, errors);
      if (parsed) {
        header = parsed;
        continue;
      }
    }

    if (split && match) {
      current = openEntry(match, split, lineNo, seenFields, seenTargets, errors);
      entries.push(current);
      continue;
    }

    if (split) {
      const key = normalizeKey(split.key);
      const inProse =
        current !== undefined && (current.kind === "sink" ? current.prose === true : isProse(current.field));
      const suggestion = suggestLabel(key);
      if (!inProse || suggestion !== undefined) {
        errors.push({
          field: "text",
          code: "unknown_field",
          detail: { key: excerpt(split.key.trim()), line: lineNo, ...(suggestion ? { suggestion } : {}) },
        });
        current = { kind: "sink", prose: true, line: lineNo, lines: [] };
        entries.push(current);
        continue;
      }
    }

    if (current) {
      current.lines.push({ text: raw, line: lineNo });
    } else if (raw.trim() !== "") {
      errors.push({ field: "text", code: "unexpected_text", detail: { line: lineNo } });
    }
  }

  const candidate = collect(entries, errors);
  const task = chooseTask(candidate.task, header, context, errors);
  if (candidate.period !== undefined && header?.period !== undefined) {
    errors.push({ field: "period", code: "duplicate_field", detail: { key: TEMPLATE_LABELS.fields.period[0] } });
  }
  const period = candidate.period ?? header?.period ?? context.defaultPeriodId;
  if (task === undefined && !errors.some((e) => e.field === "task")) errors.push({ field: "task", code: "missing" });
  if (period === undefined && !errors.some((e) => e.field === "period")) {
    errors.push({ field: "period", code: "missing" });
  }
  for (const field of REQUIRED_TEXT_FIELDS) {
    if (!seenFields.has(field)) errors.push({ field, code: "missing" });
    else if (candidate.prose[field] === "") errors.push({ field, code: "empty" });
  }

  const draft: Record<string, unknown> = {
    ...(task !== undefined ? { taskKey: task } : {}),
    ...(period !== undefined ? { periodRef: period } : {}),
    values: candidate.values,
    status: candidate.status,
    progress: candidate.prose.progress ?? "",
    problems: candidate.prose.problems ?? "",
    nextSteps: candidate.prose.nextSteps ?? "",
    coordinationNeeded: candidate.prose.coordination ?? "",
  };
  const validated = validateReportDraft(draft, context.targets);
  if (validated.ok && errors.length === 0) return validated;
  if (!validated.ok) {
    for (const error of validated.errors) {
      const covered = errors.some(
        (e) => e.field === error.field && (error.field !== "value" || error.code === "missing"),
      );
      if (!covered) errors.push(error);
    }
  }
  return fail(sortErrors(errors));
}

/** Lines that belong to no field first (they often explain the rest), then the fields in template order. */
const ERROR_ORDER: readonly ReportField[] = ["text", ...REPORT_FIELDS.filter((f) => f !== "text")];
function sortErrors(errors: ReportFieldError[]): ReportFieldError[] {
  return [...errors].sort((a, b) => ERROR_ORDER.indexOf(a.field) - ERROR_ORDER.indexOf(b.field));
}

function fail(errors: ReportFieldError[]): ReportResult {
  return { ok: false, errors };
}

function isProse(field: TemplateField | undefined): field is ProseField {
  return field !== undefined && PROSE_FIELDS.includes(field);
}

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > DETAIL_EXCERPT ? `${chars.slice(0, DETAIL_EXCERPT).join("")}…` : text;
}

/** `key：value` → the key as written and the value as written; undefined when the line has no key. */
function splitKeyLine(raw: string, maxKeyLength: number): { key: string; value: string } | undefined {
  const colon = toHalfWidth(raw).indexOf(":");
  if (colon <= 0) return undefined;
  const key = raw.slice(0, colon);
  if (key.trim() === "" || normalizeKey(key).length > maxKeyLength) return undefined;
  return { key, value: raw.slice(colon + 1) };
}

function openEntry(
  match: KeyMatch,
  split: { key: string; value: string },
  line: number,
  seenFields: Set<TemplateField>,
  seenTargets: Set<string>,
  errors: ReportFieldError[],
): Entry {
  const first = { text: split.value, line };
  const key = excerpt(split.key.trim());
  if (match.kind === "valueError") {
    errors.push({
      field: "value",
      code: match.code,
      detail: { key, line, ...(match.target !== undefined ? { target: excerpt(match.target) } : {}) },
    });
    return { kind: "sink", line, lines: [] };
  }
  if (match.kind === "value") {
    if (seenTargets.has(match.target.key)) {
      errors.push({ field: "value", code: "duplicate_field", detail: { key, target: match.target.key, line } });
      return { kind: "sink", line, lines: [] };
    }
    seenTargets.add(match.target.key);
    return { kind: "value", field: "value", target: match.target, line, lines: [first] };
  }
  if (seenFields.has(match.field)) {
    errors.push({ field: match.field, code: "duplicate_field", detail: { key, line } });
    return { kind: "sink", prose: isProse(match.field), line, lines: [] };
  }
  seenFields.add(match.field);
  return { kind: "field", field: match.field, line, lines: [first] };
}

/** The first line, when it is a header: `报送 MS-03 2023年1月中旬`, `补报：MS-03 2023-01-X2`, `报送`. */
function parseHeader(
  raw: string,
  context: ParseContext,
  line: number,
  errors: ReportFieldError[],
): { task?: string; period?: string; line: number } | undefined {
  const text = normalizeInline(raw).replace(/^[*_~`]+|[*_~`]+$/g, "");
  // 报送, 报送：…, 报送 MS-03, 报送MS-03; not 报送情况 (an unknown key or text).
  const word = TEMPLATE_LABELS.header.find(
    (w) => text.startsWith(w) && /^(?:$|[\s:[A-Za-z0-9])/.test(text.slice(w.length)),
  );
  if (word === undefined) return undefined;
  const rest = text
    .slice(word.length)
    .replace(/^\s*:?\s*/, "")
    .trim();
  if (rest === "") return { line };
  const [token = "", ...others] = rest.split(" ");
  const cleanToken = token.replace(/^\[(.*)\]$/, "$1");
  const known = context.knownTaskKeys?.find((k) => normalizeKey(k) === normalizeKey(cleanToken));
  let task: string | undefined;
  let period: string | undefined;
  if (known !== undefined) {
    task = known;
    period = others.join(" ");
  } else if (/^\d/.test(token)) {
    period = rest;
  } else {
    task = cleanToken;
    period = others.join(" ");
    if (context.knownTaskKeys) errors.push({ field: "task", code: "unknown_task", detail: { task: excerpt(task) } });
  }
  return { ...(task ? { task } : {}), ...(period ? { period } : {}), line };
}

function chooseTask(
  fromField: string | undefined,
  header: { task?: string } | undefined,
  context: ParseContext,
  errors: ReportFieldError[],
): string | undefined {
  if (fromField !== undefined && header?.task !== undefined) {
    errors.push({ field: "task", code: "duplicate_field", detail: { key: TEMPLATE_LABELS.fields.task[0] } });
  }
  if (fromField !== undefined && context.knownTaskKeys) {
    const known = context.knownTaskKeys.find((k) => normalizeKey(k) === normalizeKey(fromField));
    if (known === undefined) {
      errors.push({ field: "task", code: "unknown_task", detail: { task: excerpt(fromField) } });
      return fromField;
    }
    return known;
  }
  return fromField ?? header?.task ?? context.defaultTaskKey;
}

interface Collected {
  task?: string;
  period?: string;
  status?: ReportStatus;
  values: ReportValueDraft[];
  prose: Partial<Record<ProseField, string>>;
}

/** Turns the entries into draft fields, recording what is wrong with each. */
function collect(entries: readonly Entry[], errors: ReportFieldError[]): Collected {
  const out: Collected = { values: [], prose: {} };
  let blankValue: Entry | undefined;
  let valueErrors = false;

  for (const entry of entries) {
    if (entry.kind === "sink" || entry.field === undefined) continue;
    const field = entry.field;
    if (isProse(field)) {
      out.prose[field] = entry.lines
        .map((l) => l.text)
        .join("\n")
        .trim();
      continue;
    }
    const errorField: ReportField = field;
    const filled = entry.lines.filter((l) => l.text.trim() !== "");
    for (const extra of filled.slice(1)) {
      errors.push({
        field: errorField,
        code: "unexpected_text",
        // A value's stray line names its target, so the message names the metric it follows.
        detail: { line: extra.line, ...(entry.target ? { target: entry.target.key } : {}) },
      });
    }
    const value = filled[0]?.text ?? "";
    if (field === "value") {
      const target = entry.target;
      if (!target) continue;
      if (value.trim() === "") {
        blankValue ??= entry;
        continue;
      }
      const quantity = parseQuantity(value);
      if (!quantity.ok) {
        valueErrors = true;
        const detail: Record<string, string | number> = { target: target.key, text: excerpt(value.trim()) };
        if (quantity.code === "too_long") detail.maxDigits = MAX_NUMBER_DIGITS;
        errors.push({ field: "value", code: quantity.code === "empty" ? "empty" : quantity.code, detail });
        continue;
      }
      const converted = convertQuantity(quantity, target.unitOfMeasure);
      if (!converted.ok) {
        valueErrors = true;
        errors.push({
          field: "value",
          code: "unit_mismatch",
          detail: { target: target.key, unit: quantity.unit ?? "", expected: target.unitOfMeasure },
        });
        continue;
      }
      out.values.push({ targetKey: target.key, value: converted.value });
      continue;
    }
    if (value.trim() === "") {
      errors.push({ field: errorField, code: "empty", detail: { line: entry.line } });
      continue;
    }
    if (field === "status") {
      const status = statusByWord.get(normalizeStatusWord(value));
      if (status === undefined) {
        errors.push({ field: "status", code: "unknown_status", detail: { text: excerpt(value.trim()) } });
      } else {
        out.status = status;
      }
      continue;
    }
    const inline = normalizeInline(value);
    if (inline.length > MAX_KEY_LENGTH) {
      errors.push({ field: errorField, code: "too_long", detail: { max: MAX_KEY_LENGTH, length: inline.length } });
      continue;
    }
    if (field === "task") out.task = inline.replace(/^\[(.*)\]$/, "$1");
    else out.period = inline;
  }

  if (out.values.length === 0 && blankValue && !valueErrors) {
    errors.push({ field: "value", code: "empty", detail: { line: blankValue.line } });
  }
  return out;
}

function normalizeStatusWord(text: string): string {
  return normalizeInline(text)
    .replace(/\s+/g, "")
    .replace(/^[*_~`\p{So}\uFE0F]+|[*_~`]+$/gu, "")
    .replace(/[.。!！~～]+$/, "")
    .toLowerCase();
}
