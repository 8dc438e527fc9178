import { KIND_WORDS, CYCLE_WORDS, DIRECTION_WORDS, LIST_KIND_WORDS } from "./cells.js";
import { headerOf, TASK_SHEET_FIELDS, type TaskSheetField } from "./columns.js";
import type { SheetCell, TaskListEntry, UnitRef } from "./types.js";

/** A task sheet ready to be written: the header, then one row per target, cells in {@link fields} order. */
export interface TaskSheetTable {
  fields: readonly TaskSheetField[];
  header: string[];
  rows: SheetCell[][];
}

const first = (words: readonly string[]) => words[0] ?? "";

/**
 * The task list as import reads it back (every column, so an export re-imported changes nothing):
 * one row per target with the task's columns repeated on each, one row for a task without targets.
 * Units are written by full name (by key if the name holds a separator); dates are date cells.
 */
export function taskSheetTable(tasks: readonly TaskListEntry[], units: readonly UnitRef[]): TaskSheetTable {
  const byKey = new Map(units.map((u) => [u.key, u]));
  const unitName = (key: string) => {
    const name = byKey.get(key)?.name;
    return name === undefined || /[、，,;；\n]/.test(name) ? key : name;
  };
  const names = (keys: readonly string[]) => (keys.length === 0 ? null : keys.map(unitName).join("、"));
  const date = (iso: string | null) => (iso === null ? null : new Date(`${iso}T00:00:00.000Z`));

  const rows: SheetCell[][] = [];
  for (const task of tasks) {
    const taskCells: Partial<Record<TaskSheetField, SheetCell>> = {
      key: task.key,
      title: task.title,
      listKind: first(LIST_KIND_WORDS[task.listKind]),
      lead: names(task.lead),
      participants: names(task.participants),
      endDate: date(task.endDate),
      startDate: date(task.startDate),
      cycles: task.cycles.length === 0 ? null : task.cycles.map((c) => first(CYCLE_WORDS[c])).join("、"),
      description: task.description,
      source: task.source,
    };
    const targets = task.targets.length === 0 ? [undefined] : task.targets;
    for (const target of targets) {
      const cells: Partial<Record<TaskSheetField, SheetCell>> = target
        ? {
            ...taskCells,
            metric: target.metric,
            unitOfMeasure: target.unitOfMeasure,
            targetValue: target.targetValue,
            targetKey: target.key,
            targetLead: target.lead === null ? null : unitName(target.lead),
            direction: first(DIRECTION_WORDS[target.direction]),
            baseline: target.baseline,
            kind: first(KIND_WORDS[target.kind]),
          }
        : taskCells;
      rows.push(TASK_SHEET_FIELDS.map((field) => cells[field] ?? null));
    }
  }
  return { fields: TASK_SHEET_FIELDS, header: TASK_SHEET_FIELDS.map(headerOf), rows };
}
