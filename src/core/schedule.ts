import type { WorkCalendar } from "../domain/time/calendar.js";
import { defaultDueRules, dueInstant, dueRuleSchema, type DueRule } from "../domain/time/due-rules.js";
import { formatPeriodId, periodContaining, periodStartEnd, type Cycle, type Period } from "../domain/time/periods.js";
import { DEFAULT_QUIET_HOURS, quietHoursSchema, type QuietHours } from "../domain/time/quiet-hours.js";
import { DEFAULT_LADDER, reminderLadderSchema, type ReminderLadder } from "../domain/time/reminder-ladder.js";
import { localDateOf } from "../domain/time/zoned.js";
import type { CycleSettingRow, PeriodRow, ReportStore } from "./reports/ports.js";

const CYCLE_ORDER: readonly Cycle[] = ["dekad", "month", "quarter"];

/** One group's cycle, with its settings read from JSON (a bad or missing setting means the default). */
export interface CycleRules {
  cycle: Cycle;
  dueRule: DueRule;
  ladder: ReminderLadder;
  quietHours: QuietHours;
}

/** Rules already read from a settings row: a kept reporting scope hands the same rows to every report. */
const rulesOfRow = new WeakMap<CycleSettingRow, CycleRules>();

export function cycleRules(row: CycleSettingRow): CycleRules {
  let rules = rulesOfRow.get(row);
  if (!rules) {
    rules = readCycleRules(row);
    rulesOfRow.set(row, rules);
  }
  return rules;
}

function readCycleRules(row: CycleSettingRow): CycleRules {
  const due = dueRuleSchema.safeParse(row.dueRule);
  const ladder = reminderLadderSchema.safeParse(row.ladder);
  const quiet = quietHoursSchema.safeParse(row.quietHours);
  return {
    cycle: row.cycle,
    dueRule: due.success ? due.data : defaultDueRules[row.cycle],
    ladder: row.ladder !== null && ladder.success ? ladder.data : DEFAULT_LADDER,
    quietHours: row.quietHours !== null && quiet.success ? quiet.data : DEFAULT_QUIET_HOURS,
  };
}

/** A cycle's rules from the group's settings; a cycle without a setting row follows the defaults. */
export function rulesOf(settings: readonly CycleSettingRow[], cycle: Cycle): CycleRules {
  return cycleRules(
    settings.find((s) => s.cycle === cycle) ?? { cycle, enabled: true, dueRule: null, ladder: null, quietHours: null },
  );
}

/**
 * A period's deadline under the group's rules: the one computation of a due instant that reminders,
 * reports (按时/补报), /status, digests and `zhuanban periods` all use.
 */
export function periodDeadline(period: Period, rules: CycleRules, calendar: WorkCalendar, timezone: string): Date {
  return dueInstant(period, rules.dueRule, calendar, timezone);
}

/**
 * The cycle a task reports on: the shortest of its group's enabled cycles that the task takes part
 * in (a task with no cycles of its own takes part in all). Longer cycles' digests (月通报, 季总结)
 * are built from these reports.
 */
export function reportingCycle(taskCycles: readonly Cycle[], settings: readonly CycleSettingRow[]): Cycle | null {
  for (const cycle of CYCLE_ORDER) {
    const enabled = settings.some((s) => s.cycle === cycle && s.enabled);
    if (enabled && (taskCycles.length === 0 || taskCycles.includes(cycle))) return cycle;
  }
  return null;
}

/** The period of `cycle` that contains the instant, in the group's timezone. */
export function periodAt(cycle: Cycle, at: Date, timezone: string): Period {
  return periodContaining(cycle, localDateOf(at, timezone));
}

/** Stores (once) and returns a period of a group, with its due instant under the group's rules. */
export async function materializePeriod(
  store: ReportStore,
  group: { id: string; timezone: string },
  period: Period,
  rules: CycleRules,
  calendar: WorkCalendar,
): Promise<PeriodRow> {
  const { start, end } = periodStartEnd(period, group.timezone);
  return store.ensurePeriod({
    groupId: group.id,
    cycle: period.cycle,
    periodKey: formatPeriodId(period),
    startsAt: start,
    endsAt: end,
    dueAt: periodDeadline(period, rules, calendar, group.timezone),
  });
}
