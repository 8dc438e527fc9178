import type { WorkCalendar } from "../../domain/time/calendar.js";
import { formatPeriodId } from "../../domain/time/periods.js";
import { localDateTimeOf } from "../../domain/time/zoned.js";
import type { Locale } from "../i18n/catalog.js";
import { taskRunsIn, type PlanItem } from "../plan/plan-at.js";
import type { PlanStore } from "../plan/ports.js";
import type { ReportStore } from "../reports/ports.js";
import { cycleRules, materializePeriod, periodAt, reportingCycle } from "../schedule.js";
import { reminderRows } from "./item-rows.js";
import type { OutboxRow, OutboxWriter, SchedulerStore } from "./ports.js";

export interface ManualChaseDeps {
  plan: PlanStore;
  scheduler: SchedulerStore;
  outbox: OutboxWriter;
  reports: ReportStore;
  calendar: WorkCalendar;
  locale: Locale;
}

export interface ManualChaseResult {
  /** Lead units still missing a report for the current period. */
  missingUnits: number;
  /** Of those, the units none of whose contacts has a chat account to write to. */
  withoutRecipient: number;
  /** Messages newly written to the outbox. */
  enqueued: number;
}

/**
 * /chase: a convenor or the office chases every lead unit still missing a report for the current
 * period, now, through the outbox like every other message. Before the deadline it is a reminder,
 * after it a chase. Asked twice within the same hour, it sends once (the stage carries the hour).
 */
export async function chaseMissingUnits(groupId: string, now: Date, deps: ManualChaseDeps): Promise<ManualChaseResult> {
  const [input] = await deps.plan.groupsWithSettings([groupId]);
  if (!input) return { missingUnits: 0, withoutRecipient: 0, enqueued: 0 };
  const timezone = input.group.timezone;
  const local = localDateTimeOf(now, timezone);
  const stage = `manual-${local.date}T${local.time.slice(0, 2)}`;
  const rows: OutboxRow[] = [];
  const missing = new Set<string>();
  const unreachable = new Set<string>();
  for (const task of input.tasks) {
    const cycle = reportingCycle(task.cycles, input.settings);
    if (!cycle) continue;
    const period = periodAt(cycle, now, timezone);
    if (!taskRunsIn(task, period)) continue;
    const setting = input.settings.find((s) => s.cycle === cycle)!;
    const row = await materializePeriod(deps.reports, input.group, period, cycleRules(setting), deps.calendar);
    const reported = await deps.scheduler.reportedKeys([row.id]);
    const recipients = await deps.scheduler.unitRecipients(task.leadUnits.map((u) => u.id));
    for (const unit of task.leadUnits) {
      const item: PlanItem = {
        kind: now.getTime() > row.dueAt.getTime() ? "chase" : "reminder",
        stage,
        group: input.group.key,
        groupId: input.group.id,
        cycle,
        period: formatPeriodId(period),
        task: task.key,
        taskId: task.taskId,
        unit: unit.key,
        unitId: unit.id,
        dueAt: row.dueAt,
        at: now,
      };
      const built = reminderRows(
        { item, input, period: { period, row }, now, locale: deps.locale, reported },
        recipients.get(unit.id) ?? [],
      );
      if (built.skipped !== "reported") missing.add(unit.id);
      if (built.skipped === "noRecipient") unreachable.add(unit.id);
      rows.push(...built.rows);
    }
  }
  return { missingUnits: missing.size, withoutRecipient: unreachable.size, enqueued: await deps.outbox.enqueue(rows) };
}
