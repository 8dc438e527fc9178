import { formatLocalDate, yearOf } from "../../domain/time/local-date.js";
import { periodFirstDay, periodLastDay, type Period } from "../../domain/time/periods.js";
import type { PlanRange } from "./types.js";

interface Dated {
  startDate: string | null;
  endDate: string | null;
}

/** A task's first day: its start date, or 1 January of its end date's year (as 时序进度 counts). */
export function taskStart(task: Dated): string | null {
  return task.startDate ?? (task.endDate ? formatLocalDate(yearOf(task.endDate), 1, 1) : null);
}

/** Whether a task counts in a period: the period overlaps the days from its start to its end. */
export function taskActiveIn(task: Dated, period: Period): boolean {
  const start = taskStart(task);
  if (start !== null && start > periodLastDay(period)) return false;
  if (task.endDate !== null && task.endDate < periodFirstDay(period)) return false;
  return true;
}

/** The days the tasks cover together; null when there are no tasks or none has a date. */
export function planRange(tasks: readonly Dated[]): PlanRange | null {
  let start: string | null = null;
  let end: string | null = null;
  let open = false;
  for (const task of tasks) {
    const first = taskStart(task);
    if (first !== null && (start === null || first < start)) start = first;
    if (task.endDate === null) open = true;
    else if (end === null || task.endDate > end) end = task.endDate;
  }
  if (start === null) return null;
  return { start, end: open ? null : end };
}

/** Where a period lies against the plan: inside it (some task counts), before it starts, after it ends. */
export function periodAgainstPlan(period: Period, range: PlanRange | null): "inside" | "before" | "after" {
  if (range === null) return "inside";
  if (periodLastDay(period) < range.start) return "before";
  if (range.end !== null && periodFirstDay(period) > range.end) return "after";
  return "inside";
}

/** Where an instant's local day lies against the plan: "before", "after" or "inside" it. */
export function dayAgainstPlan(day: string, range: PlanRange | null): "inside" | "before" | "after" {
  if (range === null) return "inside";
  if (day < range.start) return "before";
  if (range.end !== null && day > range.end) return "after";
  return "inside";
}
