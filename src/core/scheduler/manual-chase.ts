import type { WorkCalendar } from "../../domain/time/calendar.js";
import { formatPeriodId } from "../../domain/time/periods.js";
import { localDateTimeOf } from "../../domain/time/zoned.js";
import type { Locale } from "../i18n/catalog.js";
import { taskRunsIn, type PlanItem } from "../plan/plan-at.js";
import type { PlanStore } from "../plan/ports.js";
import type { ReportStore } from "../reports/ports.js";
import { cycleRules, materializePeriod, periodAt, reportingCycle } from "../schedule.js";
import { byUnitAndStage, unitReminderRows, type ItemContext } from "./item-rows.js";
import {
  reportedKey,
  type OutboxRow,
  type OutboxWriter,
  type SchedulerStore,
  type UnreachableReason,
} from "./ports.js";

export interface ManualChaseDeps {
  plan: PlanStore;
  scheduler: SchedulerStore;
  outbox: OutboxWriter;
  reports: ReportStore;
  calendar: WorkCalendar;
  locale: Locale;
}

/** A lead unit /chase is about, with the keys of the tasks it has not reported on. */
export interface ChaseUnit {
  unit: { id: string; name: string };
  tasks: string[];
}

export interface ManualChaseResult {
  /** Lead units still missing a report for the current period. */
  missingUnits: number;
  /** Units a chase was written for now. */
  chased: ChaseUnit[];
  /** Units already chased within this hour: nothing written again. */
  alreadyChased: ChaseUnit[];
  /** Units with nobody to write to, and why. */
  unreachable: (ChaseUnit & { reason: UnreachableReason })[];
  /** Messages newly written to the outbox. */
  enqueued: number;
}

/**
 * /chase: a convenor or the office chases every lead unit still missing a report for the current
 * period, now, through the outbox like every other message: one message per unit listing its
 * missing tasks. Before the deadline it is a reminder, after it a chase. Asked twice within the
 * same hour, it sends once (the stage carries the hour), and says so per unit.
 */
export async function chaseMissingUnits(groupId: string, now: Date, deps: ManualChaseDeps): Promise<ManualChaseResult> {
  const empty: ManualChaseResult = { missingUnits: 0, chased: [], alreadyChased: [], unreachable: [], enqueued: 0 };
  const [input] = await deps.plan.groupsWithSettings([groupId]);
  if (!input) return empty;
  const timezone = input.group.timezone;
  const local = localDateTimeOf(now, timezone);
  const stage = `manual-${local.date}T${local.time.slice(0, 2)}`;
  const contexts: ItemContext[] = [];
  for (const task of input.tasks) {
    const cycle = reportingCycle(task.cycles, input.settings);
    if (!cycle) continue;
    const period = periodAt(cycle, now, timezone);
    if (!taskRunsIn(task, period)) continue;
    const setting = input.settings.find((s) => s.cycle === cycle)!;
    const row = await materializePeriod(deps.reports, input.group, period, cycleRules(setting), deps.calendar);
    const reported = await deps.scheduler.reportedKeys([row.id]);
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
      if (reported.has(reportedKey(row.id, task.taskId, unit.id))) continue;
      contexts.push({ item, input, period: { period, row }, now, locale: deps.locale, reported });
    }
  }
  const buckets = byUnitAndStage(contexts);
  const unitIds = [...new Set(buckets.map((b) => b[0]!.item.unitId ?? ""))];
  const recipients = await deps.scheduler.unitRecipients(unitIds);
  const result: ManualChaseResult = { ...empty };
  const built: { about: ChaseUnit; rows: OutboxRow[] }[] = [];
  const missing = new Set<string>();
  for (const bucket of buckets) {
    const unitId = bucket[0]!.item.unitId ?? "";
    const lead = bucket[0]!.input.tasks
      .find((t) => t.taskId === bucket[0]!.item.taskId)
      ?.leadUnits.find((u) => u.id === unitId);
    if (!lead) continue;
    missing.add(unitId);
    const about = { unit: { id: lead.id, name: lead.name }, tasks: bucket.map((c) => c.item.task ?? "") };
    const outcome = unitReminderRows(bucket, recipients.get(unitId) ?? []);
    if (outcome.rows.length > 0) built.push({ about, rows: outcome.rows });
    else addTo(result.unreachable, { ...about, reason: "noContact" as UnreachableReason });
  }
  // The same unit twice (a task on each cycle): one line per unit in the answer.
  result.missingUnits = missing.size;
  if (result.unreachable.length > 0) {
    const reasons = await deps.scheduler.whyUnreachable(result.unreachable.map((u) => u.unit.id));
    for (const u of result.unreachable) u.reason = reasons.get(u.unit.id) ?? "notBound";
  }
  const rows = built.flatMap((b) => b.rows);
  const existing = await deps.outbox.existingKeys(rows.map((r) => r.dedupeKey));
  for (const { about, rows: unitRows } of built) {
    addTo(unitRows.every((r) => existing.has(r.dedupeKey)) ? result.alreadyChased : result.chased, about);
  }
  result.enqueued = await deps.outbox.enqueue(rows.filter((r) => !existing.has(r.dedupeKey)));
  return result;
}

/** Adds a unit to a list, or its tasks to the unit's entry (a unit with tasks on two cycles). */
function addTo<U extends ChaseUnit>(list: U[], entry: U): void {
  const same = list.find((u) => u.unit.id === entry.unit.id);
  if (same) same.tasks.push(...entry.tasks.filter((t) => !same.tasks.includes(t)));
  else list.push(entry);
}
