import { defaultBounds, describeBounds, valueWithinBounds } from "../target/kind.js";
import {
  cellText,
  createUnitResolver,
  isBlank,
  parseKind,
  parseCycles,
  parseDate,
  parseDirection,
  parseListKind,
  parseNumber,
  parseTargetKey,
  parseTaskKey,
  splitNames,
  type Parsed,
} from "./cells.js";
import {
  columnOf,
  fieldOfHeader,
  headerOf,
  REQUIRED_FIELDS,
  TASK_SHEET_FIELDS,
  type TaskSheetField,
} from "./columns.js";
import { toHalfWidth } from "../report/normalize.js";
import { SHEET_MESSAGES as M } from "./messages.js";
import { metricIdentity } from "./target-keys.js";
import type { Cycle, ListKind, SheetCell, SheetIssue, SheetRow, SheetTarget, SheetTask, UnitRef } from "./types.js";

export interface ParseTaskSheetOptions {
  /** Every unit the sheet may name. */
  units: readonly UnitRef[];
  /** Keys of the group's member units; units outside it are a warning. Empty or absent = no check. */
  memberUnits?: readonly string[];
}

export type TaskSheetParse =
  | { ok: true; tasks: SheetTask[]; columns: TaskSheetField[]; warnings: SheetIssue[] }
  | { ok: false; errors: SheetIssue[]; warnings: SheetIssue[] };

/** The header is looked for in the first rows, so a title row above it is allowed. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Reads a task sheet: rows of cell values (from an .xlsx file) → validated tasks with unit keys.
 * Pure. Every problem is collected, each with its Excel row number and column, so the office can
 * fix the whole file at once; the result is `ok` only when there is none.
 *
 * The format (README.md "Task sheets"): a header row with the nine required columns (编号, 任务,
 * 清单类型, 牵头单位, 参与单位, 指标, 单位, 目标值, 完成时限) and any of the optional ones (指标编码,
 * 指标牵头单位, 方向, 基数, 累计, 开始日期, 报送周期, 说明, 来源); then one row per target. A task with
 * several targets spans several rows with the same 编号: its task columns must agree or be blank on
 * the later rows; a row whose 编号 and 任务 are both blank continues the task above. A task without
 * targets is one row with 指标, 单位 and 目标值 blank.
 */
export function parseTaskSheet(rows: readonly SheetRow[], options: ParseTaskSheetOptions): TaskSheetParse {
  const errors: SheetIssue[] = [];
  const warnings: SheetIssue[] = [];
  const header = readHeader(rows, errors, warnings);
  if (!header) return { ok: false, errors, warnings };

  const units = createUnitResolver(options.units);
  const members = new Set(options.memberUnits ?? []);
  const tasks = new Map<string, TaskDraft>();
  /** The task of the last row with a 编号; "bad" when that 编号 was wrong (its continuation rows then say nothing more). */
  let previous: TaskDraft | "bad" | undefined;

  for (const row of rows) {
    if (row.row <= header.row) continue;
    const cellOf = (field: TaskSheetField): SheetCell | undefined => {
      const index = header.columns.get(field);
      return index === undefined ? undefined : (row.cells[index] ?? null);
    };
    if (TASK_SHEET_FIELDS.every((f) => isBlank(cellOf(f)))) continue;
    let task: TaskDraft | undefined;
    const error = (field: TaskSheetField | undefined, message: string) =>
      errors.push(field ? { row: row.row, column: headerOf(field), message } : { row: row.row, message });
    const take = <T>(field: TaskSheetField, parsed: Parsed<T>): T | undefined => {
      if (parsed.ok) return parsed.value;
      error(field, parsed.message);
      task?.invalid.add(field);
      return undefined;
    };

    // Which task the row belongs to.
    const keyCell = cellOf("key") ?? null;
    if (isBlank(keyCell)) {
      if (!isBlank(cellOf("title"))) error("key", M.missingKey());
      else if (!previous) error("key", M.nothingToContinue());
      else if (previous !== "bad") task = previous;
    } else {
      const key = take("key", parseTaskKey(keyCell));
      if (key !== undefined && !tasks.has(key) && isBlank(cellOf("title"))) {
        // A row that continues a task (no 任务) must name a task above: a typo is not a new task.
        error("key", M.continuesNoTask(key, [...tasks.keys()]));
      } else if (key !== undefined) {
        task = tasks.get(key) ?? { key, row: row.row, fields: {}, targets: [], invalid: new Set() };
        tasks.set(key, task);
      }
    }
    if (!isBlank(keyCell) || !isBlank(cellOf("title"))) previous = task ?? "bad";

    // Task columns: parsed on every row, merged into the task when they agree.
    const setField = <F extends keyof TaskFields>(field: F, value: FieldType<F>, compare: string) => {
      if (!task) return;
      const earlier = task.fields[field];
      if (earlier === undefined) task.fields[field] = { value, compare, row: row.row } as TaskFields[F];
      else if (earlier.compare !== compare) error(field, M.conflict(headerOf(field), earlier.row));
    };
    const unitList = (field: "lead" | "participants" | "targetLead"): string[] | undefined => {
      const keys: string[] = [];
      let bad = false;
      for (const name of splitNames(cellOf(field) ?? null)) {
        const found = units.resolve(name);
        if (!found.ok) {
          error(field, found.message);
          bad = true;
        } else if (!keys.includes(found.value)) {
          keys.push(found.value);
          if (members.size > 0 && !members.has(found.value)) {
            warnings.push({ row: row.row, column: headerOf(field), message: M.notMember(units.nameOf(found.value)) });
          }
        }
      }
      return bad ? undefined : keys;
    };
    const text = (field: TaskSheetField) => cellText(cellOf(field) ?? null);
    const present = (field: TaskSheetField) => !isBlank(cellOf(field));

    if (present("title")) setField("title", text("title"), text("title"));
    if (present("listKind")) {
      const kind = take("listKind", parseListKind(cellOf("listKind") ?? null));
      if (kind !== undefined) setField("listKind", kind, kind);
    }
    for (const field of ["lead", "participants"] as const) {
      if (!present(field)) continue;
      const keys = unitList(field);
      if (keys !== undefined) setField(field, keys, [...keys].sort().join(","));
    }
    for (const field of ["endDate", "startDate"] as const) {
      if (!present(field)) continue;
      const date = take(field, parseDate(cellOf(field) ?? null, headerOf(field)));
      if (date !== undefined) setField(field, date, date);
    }
    if (present("cycles")) {
      const cycles = take("cycles", parseCycles(cellOf("cycles") ?? null));
      if (cycles !== undefined) setField("cycles", cycles, cycles.join(","));
    }
    for (const field of ["description", "source"] as const) {
      if (present(field)) setField(field, text(field), text(field));
    }

    // Target columns.
    const targetFields = TASK_SHEET_FIELDS.filter((f) => columnOf(f).level === "target" && f !== "metric");
    if (!present("metric")) {
      const written = targetFields.filter(present);
      if (written.length > 0) error("metric", M.targetWithoutMetric(written.map(headerOf)));
      continue;
    }
    const errorsBefore = errors.length;
    let unitOfMeasure = text("unitOfMeasure");
    const checkUnit = (field: "targetValue" | "baseline", parsed: { value: number; unit?: string } | undefined) => {
      if (parsed?.unit === undefined) return parsed?.value;
      if (unitOfMeasure === "" && field === "targetValue") unitOfMeasure = parsed.unit;
      else if (foldUnit(parsed.unit) !== foldUnit(unitOfMeasure)) {
        error(field, M.unitMismatch(headerOf(field), text(field), parsed.unit, unitOfMeasure));
        return undefined;
      }
      return parsed.value;
    };
    let targetValue: number | undefined;
    if (!present("targetValue")) error("targetValue", M.required(headerOf("targetValue")));
    else {
      const parsed = take("targetValue", parseNumber(cellOf("targetValue") ?? null, headerOf("targetValue")));
      targetValue = checkUnit("targetValue", parsed);
    }
    if (unitOfMeasure === "") error("unitOfMeasure", M.missingUnitOfMeasure());
    const target: SheetTarget = { row: row.row, metric: text("metric"), unitOfMeasure, targetValue: targetValue ?? 0 };
    if (present("targetKey")) {
      const key = take("targetKey", parseTargetKey(cellOf("targetKey") ?? null));
      if (key !== undefined) target.key = key;
    }
    if (header.columns.has("targetLead")) {
      const keys = unitList("targetLead");
      if (keys !== undefined && keys.length > 1) error("targetLead", M.oneTargetLead());
      else if (keys !== undefined) target.lead = keys[0] ?? null;
    }
    if (header.columns.has("direction")) {
      const direction = take("direction", parseDirection(cellOf("direction") ?? null));
      if (direction !== undefined) target.direction = direction;
    }
    if (header.columns.has("baseline")) {
      if (!present("baseline")) target.baseline = null;
      else {
        const parsed = take("baseline", parseNumber(cellOf("baseline") ?? null, headerOf("baseline")));
        const value = checkUnit("baseline", parsed);
        if (value !== undefined) target.baseline = value;
      }
    }
    if (header.columns.has("kind")) {
      const kind = take("kind", parseKind(cellOf("kind") ?? null, unitOfMeasure));
      if (kind !== undefined) target.kind = kind;
    }
    // 目标值 and 基数 within the kind's bounds (a count is never negative, a share at most 100%).
    const bounds = defaultBounds(target.kind ?? "cumulative", unitOfMeasure, target.metric);
    for (const field of ["targetValue", "baseline"] as const) {
      const value = field === "targetValue" ? targetValue : target.baseline;
      if (value === undefined || value === null || valueWithinBounds(value, bounds)) continue;
      error(field, M.outOfBounds(headerOf(field), text(field), describeBounds(bounds)));
    }
    if (task && errors.length === errorsBefore) task.targets.push(target);
  }

  if (tasks.size === 0 && errors.length === 0) errors.push({ row: header.row, message: M.noTaskRows() });
  const finished = [...tasks.values()].map((draft) => finishTask(draft, header.columns, units.nameOf, errors));
  if (errors.length > 0) return { ok: false, errors: sortIssues(errors), warnings: sortIssues(warnings) };
  return {
    ok: true,
    tasks: finished,
    columns: TASK_SHEET_FIELDS.filter((f) => header.columns.has(f)),
    warnings: sortIssues(warnings),
  };
}

interface FieldValue<T> {
  value: T;
  /** What two rows must agree on (unit lists compare as sets). */
  compare: string;
  row: number;
}

interface TaskFields {
  title?: FieldValue<string>;
  listKind?: FieldValue<ListKind>;
  lead?: FieldValue<string[]>;
  participants?: FieldValue<string[]>;
  endDate?: FieldValue<string>;
  startDate?: FieldValue<string>;
  cycles?: FieldValue<Cycle[]>;
  description?: FieldValue<string>;
  source?: FieldValue<string>;
}

type FieldType<F extends keyof TaskFields> = NonNullable<TaskFields[F]>["value"];

interface TaskDraft {
  key: string;
  row: number;
  fields: TaskFields;
  targets: SheetTarget[];
  /** Task columns written with a value that was rejected: no second "required" error for them. */
  invalid: Set<TaskSheetField>;
}

function finishTask(
  draft: TaskDraft,
  columns: ReadonlyMap<TaskSheetField, number>,
  nameOf: (key: string) => string,
  errors: SheetIssue[],
): SheetTask {
  const f = draft.fields;
  const error = (row: number, field: TaskSheetField, message: string) =>
    errors.push({ row, column: headerOf(field), message });
  for (const field of ["title", "listKind", "endDate"] as const) {
    if (f[field] === undefined && !draft.invalid.has(field)) error(draft.row, field, M.required(headerOf(field)));
  }
  const lead = f.lead?.value ?? [];
  const participants = f.participants?.value ?? [];
  for (const key of participants) {
    if (lead.includes(key)) error(f.participants?.row ?? draft.row, "participants", M.leadAndParticipant(nameOf(key)));
  }
  if (f.startDate && f.endDate && f.startDate.value > f.endDate.value) {
    error(f.startDate.row, "startDate", M.startAfterEnd(f.startDate.value, f.endDate.value));
  }
  const keys = new Map<string, number>();
  const metrics = new Map<string, number>();
  for (const target of draft.targets) {
    if (target.lead && !lead.includes(target.lead)) {
      error(target.row, "targetLead", M.targetLeadNotLead(nameOf(target.lead)));
    }
    if (target.baseline != null && target.direction !== undefined) {
      const wrongWay =
        target.direction === "increase" ? target.targetValue < target.baseline : target.targetValue > target.baseline;
      if (wrongWay) error(target.row, "targetValue", M.baselineWrongWay(target.direction, target.baseline));
    }
    if (target.key !== undefined) {
      const earlier = keys.get(target.key);
      if (earlier !== undefined) error(target.row, "targetKey", M.duplicateTargetKey(target.key, earlier));
      else keys.set(target.key, target.row);
    } else {
      const identity = metricIdentity(target.metric);
      const earlier = metrics.get(identity);
      if (earlier !== undefined) error(target.row, "metric", M.duplicateMetric(target.metric, earlier));
      else metrics.set(identity, target.row);
    }
  }
  const task: SheetTask = {
    row: draft.row,
    key: draft.key,
    title: f.title?.value ?? "",
    listKind: f.listKind?.value ?? "task",
    lead,
    participants,
    endDate: f.endDate?.value ?? "",
    targets: draft.targets,
  };
  // Optional columns: absent = undefined (keep what is stored); present but blank = the default.
  if (columns.has("startDate")) task.startDate = f.startDate?.value ?? null;
  if (columns.has("cycles")) task.cycles = f.cycles?.value ?? [];
  if (columns.has("description")) task.description = f.description?.value ?? null;
  if (columns.has("source")) task.source = f.source?.value ?? null;
  return task;
}

/** Finds the header row, maps its columns and reports missing or repeated ones. */
function readHeader(
  rows: readonly SheetRow[],
  errors: SheetIssue[],
  warnings: SheetIssue[],
): { row: number; columns: Map<TaskSheetField, number> } | undefined {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => !isBlank(c)));
  const first = nonEmpty[0];
  if (!first) {
    errors.push({ row: 1, message: M.emptySheet() });
    return undefined;
  }
  const fieldsOf = (r: SheetRow) => r.cells.map((c) => (isBlank(c) ? undefined : fieldOfHeader(cellText(c))));
  const headerRow =
    nonEmpty.slice(0, HEADER_SEARCH_ROWS).find((r) => {
      const fields = fieldsOf(r);
      return fields.includes("key") && fields.includes("title");
    }) ?? first;
  const columns = new Map<TaskSheetField, number>();
  const unknown: string[] = [];
  fieldsOf(headerRow).forEach((field, index) => {
    const cell = headerRow.cells[index] ?? null;
    if (isBlank(cell)) return;
    if (field === undefined) {
      unknown.push(cellText(cell));
      return;
    }
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      errors.push({
        row: headerRow.row,
        message: M.duplicateColumn(headerOf(field), columnLetter(earlier), columnLetter(index)),
      });
    } else columns.set(field, index);
  });
  const missing = REQUIRED_FIELDS.filter((f) => !columns.has(f));
  if (missing.length > 0) errors.push({ row: headerRow.row, message: M.missingColumns(missing.map(headerOf)) });
  if (unknown.length > 0) warnings.push({ row: headerRow.row, message: M.unknownColumns(unknown) });
  return errors.length > 0 ? undefined : { row: headerRow.row, columns };
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = "";
  while (n > 0) {
    const rest = (n - 1) % 26;
    out = String.fromCharCode(65 + rest) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function foldUnit(unit: string): string {
  return toHalfWidth(unit).replace(/\s+/g, "").toLowerCase();
}

const FIELD_ORDER = new Map(TASK_SHEET_FIELDS.map((f, i) => [headerOf(f), i]));

function sortIssues(issues: SheetIssue[]): SheetIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort(
      (a, b) =>
        a.issue.row - b.issue.row ||
        (FIELD_ORDER.get(a.issue.column ?? "") ?? -1) - (FIELD_ORDER.get(b.issue.column ?? "") ?? -1) ||
        a.i - b.i,
    )
    .map(({ issue }) => issue);
}
