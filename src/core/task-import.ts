import { taskSheetTable, type TaskSheetTable } from "../domain/task-sheet/format-rows.js";
import { parseTaskSheet } from "../domain/task-sheet/parse-rows.js";
import { resolveTargetKeys } from "../domain/task-sheet/target-keys.js";
import type { KeyedSheetTask, SheetIssue, SheetRow, TaskListEntry, UnitRef } from "../domain/task-sheet/types.js";
import { AppError } from "./errors.js";
import type { GroupSummary } from "./task-overview.js";

/** The kinds of change an import reports, in the order the summary lists them. */
export const TASK_IMPORT_CHANGE_KINDS = [
  "tasks created",
  "tasks updated",
  "tasks reactivated",
  "tasks reordered",
  "tasks deactivated",
  "unit links added",
  "unit links changed",
  "unit links removed",
  "targets created",
  "targets updated",
  "targets reordered",
  "targets removed",
] as const;
export type TaskImportChangeKind = (typeof TASK_IMPORT_CHANGE_KINDS)[number];

/** What an import changed. A total of zero means the database already matched the sheet. */
export interface TaskImportChanges {
  counts: Partial<Record<TaskImportChangeKind, number>>;
  total: number;
  /** Each change with what it touched (`MS-03`, `MS-03 城镇新增就业`, `MS-03 省人社厅`), in the order made. */
  items: { kind: TaskImportChangeKind; subject: string }[];
  /** Targets no longer in the sheet but kept because reports hang on them (not counted as changes). */
  keptTargets: { task: string; key: string; metric: string }[];
}

/** A stored task of the group, with whether it is active (inactive ones are not exported). */
export type StoredTask = TaskListEntry & { active: boolean };

/** Storage for task sheets (implemented in src/store/task-import-store.ts). */
export interface TaskSheetStore {
  findGroup(key: string): Promise<GroupSummary | null>;
  listGroups(): Promise<GroupSummary[]>;
  units(): Promise<UnitRef[]>;
  /** Keys of the group's member units (成员单位). */
  memberUnits(groupKey: string): Promise<string[]>;
  /** Every task of the group, active or not, in list order, targets in order. */
  tasksOfGroup(groupKey: string): Promise<StoredTask[]>;
  /**
   * Makes the group's task list what the sheet says, in one transaction, keyed by (group, 编号)
   * and target key: creates and updates tasks, targets and lead/participant links; deactivates
   * tasks not in the sheet; deletes targets not in the sheet unless they have reports. Optional
   * fields left undefined keep their stored value. With `dryRun` everything is rolled back and
   * the changes that would have been made are returned.
   */
  applyTaskSheet(groupKey: string, tasks: KeyedSheetTask[], options: { dryRun: boolean }): Promise<TaskImportChanges>;
}

export type TaskImportResult =
  | {
      ok: true;
      group: GroupSummary;
      tasks: number;
      targets: number;
      changes: TaskImportChanges;
      warnings: SheetIssue[];
    }
  | { ok: false; group: GroupSummary; errors: SheetIssue[]; warnings: SheetIssue[] };

async function groupOrThrow(groupKey: string, store: TaskSheetStore): Promise<GroupSummary> {
  const group = await store.findGroup(groupKey);
  if (group) return group;
  const known = (await store.listGroups()).map((g) => g.key).join(", ");
  throw new AppError("group_not_found", { group: groupKey, known: known || "none: run zhuanban seed" });
}

/**
 * Loads or updates a group's task list from the rows of a task sheet. The whole sheet is
 * validated first; if any row is bad, every problem is returned (with its Excel row) and nothing
 * is written. Otherwise the list is written in one transaction. Importing the same sheet again
 * changes nothing.
 */
export async function importTaskSheet(
  input: { groupKey: string; rows: readonly SheetRow[]; dryRun?: boolean },
  store: TaskSheetStore,
): Promise<TaskImportResult> {
  const group = await groupOrThrow(input.groupKey, store);
  const [units, memberUnits] = await Promise.all([store.units(), store.memberUnits(group.key)]);
  const parsed = parseTaskSheet(input.rows, { units, memberUnits });
  if (!parsed.ok) return { ok: false, group, errors: parsed.errors, warnings: parsed.warnings };

  const stored = await store.tasksOfGroup(group.key);
  const keyed = resolveTargetKeys(parsed.tasks, new Map(stored.map((t) => [t.key, t.targets])));
  if (!keyed.ok) return { ok: false, group, errors: keyed.errors, warnings: parsed.warnings };

  const changes = await store.applyTaskSheet(group.key, keyed.tasks, { dryRun: input.dryRun ?? false });
  return {
    ok: true,
    group,
    tasks: keyed.tasks.length,
    targets: keyed.tasks.reduce((n, t) => n + t.targets.length, 0),
    changes,
    warnings: parsed.warnings,
  };
}

/** The group's active tasks as a task sheet, in the format {@link importTaskSheet} reads. */
export async function exportTaskSheet(
  groupKey: string,
  store: TaskSheetStore,
): Promise<{ group: GroupSummary; table: TaskSheetTable; tasks: number; targets: number }> {
  const group = await groupOrThrow(groupKey, store);
  const [units, stored] = await Promise.all([store.units(), store.tasksOfGroup(group.key)]);
  const active = stored.filter((t) => t.active);
  return {
    group,
    table: taskSheetTable(active, units),
    tasks: active.length,
    targets: active.reduce((n, t) => n + t.targets.length, 0),
  };
}
