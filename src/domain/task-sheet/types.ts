import type { TargetKind } from "../target/kind.js";

/**
 * The task sheet: a group's task list as a spreadsheet, one row per target (see columns.ts for
 * the header and README.md "Task sheets" for the format). These types are what the pure parser
 * reads and writes; reading and writing .xlsx files happens in src/runtime and src/render.
 */

/** One cell as read from a workbook. Dates are calendar dates at UTC midnight (how exceljs reads them). */
export type SheetCell = string | number | boolean | Date | null;

/** One worksheet row: its Excel row number (1-based; the header is row 1) and its cells from column A on. */
export interface SheetRow {
  row: number;
  cells: SheetCell[];
}

/** A problem with the sheet, shown to the office staff: the Excel row, the column header, and what is wrong. */
export interface SheetIssue {
  row: number;
  /** The canonical header of the column (目标值), when the problem is in one cell. */
  column?: string;
  message: string;
}

/** A unit as the sheet may name it: by key, full name, short name or an alias. */
export interface UnitRef {
  key: string;
  name: string;
  shortName: string | null;
  aliases: string[];
}

export type ListKind = "task" | "project" | "policy" | "indicator";
export type Direction = "increase" | "decrease";
export type Cycle = "dekad" | "month" | "quarter";

/**
 * A target read from the sheet. Optional fields are `undefined` when their column is not in the
 * sheet (the stored value is kept; a new target gets the default) and carry a value, possibly the
 * default, when the column is there: a blank cell in a present column means the default.
 */
export interface SheetTarget {
  /** The Excel row the target is on. */
  row: number;
  /** From 指标编码; undefined when not written (derived by {@link resolveTargetKeys}). */
  key?: string;
  metric: string;
  unitOfMeasure: string;
  targetValue: number;
  /** null = no baseline. */
  baseline?: number | null;
  direction?: Direction;
  kind?: TargetKind;
  /** Unit key of the lead unit answering for this target; null = all the task's lead units. */
  lead?: string | null;
}

/** A task read from the sheet; optional fields follow the same rule as {@link SheetTarget}. */
export interface SheetTask<T extends SheetTarget = SheetTarget> {
  /** The first Excel row of the task. */
  row: number;
  key: string;
  title: string;
  listKind: ListKind;
  /** Unit keys, in the order written. */
  lead: string[];
  participants: string[];
  /** YYYY-MM-DD */
  endDate: string;
  /** YYYY-MM-DD, or null for none (pace runs from 1 January). */
  startDate?: string | null;
  /** Empty = every cycle the group has enabled. */
  cycles?: Cycle[];
  description?: string | null;
  source?: string | null;
  targets: T[];
}

/** A target whose key is known (written in 指标编码, matched to a stored target, or derived). */
export type KeyedSheetTarget = SheetTarget & { key: string };
export type KeyedSheetTask = SheetTask<KeyedSheetTarget>;

/** A stored task with every field the sheet can carry, as export writes it. */
export interface TaskListEntry {
  key: string;
  title: string;
  listKind: ListKind;
  lead: string[];
  participants: string[];
  startDate: string | null;
  endDate: string | null;
  cycles: Cycle[];
  description: string | null;
  source: string | null;
  targets: {
    key: string;
    metric: string;
    unitOfMeasure: string;
    targetValue: number;
    baseline: number | null;
    direction: Direction;
    kind: TargetKind;
    lead: string | null;
  }[];
}
