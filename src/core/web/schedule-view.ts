import type { CalendarDay, WorkCalendar } from "../../domain/time/calendar.js";
import { addDays, type LocalDate } from "../../domain/time/local-date.js";
import type { Cycle } from "../../domain/time/periods.js";
import { localDateOf } from "../../domain/time/zoned.js";
import type { PlanItem } from "../plan/plan-at.js";

/** How far ahead the 日程 page looks. */
export const SCHEDULE_DAYS = 30;

/** What happens at one instant: a period's deadline, or one step of the scheduler's plan. */
export interface ScheduleEntry {
  at: Date;
  kind: "deadline" | PlanItem["kind"];
  /** The ladder step's key (`early`, `due-day`, `before`, `chase`, `escalation`), `digest` or `deadline`. */
  stage: string;
  cycle: Cycle;
  /** Period id, e.g. `2023-01-X3`. */
  period: string;
  /** (task, lead unit) pairs a reminder or chase goes to; 0 for per-group items and deadlines. */
  duties: number;
}

export interface ScheduleDay {
  date: LocalDate;
  /** Working day or not, and why (holiday, 调休 working day, weekend), from the work calendar. */
  day: CalendarDay;
  entries: ScheduleEntry[];
}

/**
 * The next {@link SCHEDULE_DAYS} days as a calendar: each local day with what the work calendar says
 * of it, and the plan's items (the scheduler's own `planAt`, never worked out again here) grouped by
 * instant, period and stage. A period's deadline is the items' `dueAt` (the one `periodDeadline`),
 * listed on its day when it falls inside the window.
 */
export function scheduleDays(
  items: readonly PlanItem[],
  window: { from: Date; to: Date; timezone: string; calendar: WorkCalendar },
): ScheduleDay[] {
  const first = localDateOf(window.from, window.timezone);
  const days: ScheduleDay[] = [];
  const byDate = new Map<LocalDate, ScheduleDay>();
  for (let i = 0; i < SCHEDULE_DAYS; i += 1) {
    const date = addDays(first, i);
    const day: ScheduleDay = { date, day: window.calendar.day(date), entries: [] };
    days.push(day);
    byDate.set(date, day);
  }
  const entries = new Map<string, ScheduleEntry>();
  const add = (key: string, entry: ScheduleEntry) => {
    const kept = entries.get(key);
    if (kept) kept.duties += entry.duties;
    else entries.set(key, entry);
  };
  const inWindow = (at: Date) => at.getTime() >= window.from.getTime() && at.getTime() < window.to.getTime();
  // planAt returns a step's (task, unit) items one after another: counting a run of them against the
  // entry last seen saves building a key per item (the largest group has some 40,000 in 30 days).
  let last: ScheduleEntry | null = null;
  for (const item of items) {
    const perDuty = item.kind === "reminder" || item.kind === "chase";
    if (
      last &&
      last.at.getTime() === item.at.getTime() &&
      last.period === item.period &&
      last.stage === item.stage &&
      last.kind === item.kind
    ) {
      if (perDuty) last.duties += 1;
      continue;
    }
    const key = `${item.at.getTime()}|${item.period}|${item.kind}|${item.stage}`;
    add(key, {
      at: item.at,
      kind: item.kind,
      stage: item.stage,
      cycle: item.cycle,
      period: item.period,
      duties: perDuty ? 1 : 0,
    });
    last = entries.get(key)!;
    if (inWindow(item.dueAt))
      add(`${item.dueAt.getTime()}|${item.period}|deadline`, {
        at: item.dueAt,
        kind: "deadline",
        stage: "deadline",
        cycle: item.cycle,
        period: item.period,
        duties: 0,
      });
  }
  for (const entry of entries.values()) {
    byDate.get(localDateOf(entry.at, window.timezone))?.entries.push(entry);
  }
  for (const day of days) day.entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  return days;
}
