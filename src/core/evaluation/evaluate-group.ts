import type { WorkCalendar } from "../../domain/time/calendar.js";
import { formatPeriodId, periodStartEnd, type Period } from "../../domain/time/periods.js";
import type { Light } from "../chat/outbound.js";
import type { ReportStore } from "../reports/ports.js";
import { periodAt, periodDeadline, reportingCycle, rulesOf } from "../schedule.js";
import type { GroupInfo, GroupTask, StatusStore } from "../status/ports.js";
import { judgeTarget, taskLight } from "./judge.js";
import { taskActiveIn } from "./plan-range.js";
import { countDuty, emptyCounts, rankUnits, timelinessOf } from "./timeliness.js";
import type { DutyCounts, GroupPeriodEvaluation, ReportAsOf, TaskEvaluation, UnitDuty, UnitRef } from "./types.js";

/** What an evaluation reads: the group's tasks and reports, its cycle settings, the calendar. */
export interface EvaluationDeps {
  status: StatusStore;
  reports: Pick<ReportStore, "cycleSettings">;
  calendar: WorkCalendar;
}

export interface EvaluationOptions {
  /** The period to evaluate; default each task's current period on its reporting cycle. */
  period?: Period;
  /** Only these tasks (a contact's own). */
  taskFilter?: (task: GroupTask) => boolean;
  /** Only these lead units (a contact's own); tasks left without one are dropped. */
  unitFilter?: (unitId: string) => boolean;
}

interface PeriodSlot {
  period: Period;
  key: string;
  id: string | null;
  dueAt: Date;
  /** The period's exclusive end: targets are judged at it when `at` is later. */
  endsAt: Date;
  startsAt: Date;
}

/**
 * Evaluates a group in a period as of `at` (see ./index.ts for what every figure means). Read-only:
 * it never stores a Period row, so a refused or failing digest leaves the database as it was.
 */
export async function evaluateGroup(
  deps: EvaluationDeps,
  group: GroupInfo,
  at: Date,
  options: EvaluationOptions = {},
): Promise<GroupPeriodEvaluation> {
  // Independent reads run together: for the largest group the evaluation is mostly waiting on them.
  const [settings, allTasks] = await Promise.all([
    deps.reports.cycleSettings(group.id),
    deps.status.groupTasks(group.id),
  ]);
  const tasks = options.taskFilter ? allTasks.filter(options.taskFilter) : allTasks;

  // The period at `at` per cycle, worked out once: a timezone conversion per task cost a large
  // group (4,000 tasks) tens of milliseconds.
  const periodOf = new Map<string, Period>();
  const slots = new Map<string, PeriodSlot>();
  const taskSlots: { task: GroupTask; key: string }[] = [];
  const addSlot = (period: Period) => {
    const key = formatPeriodId(period);
    if (!slots.has(key)) {
      const { start, end } = periodStartEnd(period, group.timezone);
      const dueAt = periodDeadline(period, rulesOf(settings, period.cycle), deps.calendar, group.timezone);
      slots.set(key, { period, key, id: null, dueAt, startsAt: start, endsAt: end });
    }
    return key;
  };
  // An asked-for period has its deadline even when no task counts in it.
  if (options.period) addSlot(options.period);
  for (const task of tasks) {
    const cycle = options.period?.cycle ?? reportingCycle(task.cycles, settings);
    if (!cycle) continue;
    let period = options.period ?? periodOf.get(cycle);
    if (!period) periodOf.set(cycle, (period = periodAt(cycle, at, group.timezone)));
    if (!taskActiveIn(task, period)) continue;
    taskSlots.push({ task, key: addSlot(period) });
  }

  // A stored period keeps the deadline it was given when first stored (reports were judged by it).
  const stored = await deps.status.periodRows(group.id, [...slots.keys()]);
  for (const slot of slots.values()) {
    const row = stored.get(slot.key);
    if (row) Object.assign(slot, { id: row.id, dueAt: row.dueAt });
  }

  // A target's progress is the latest value reported for it by `at`, in this period or an earlier
  // one: asked of the store per period, together with the period's reports.
  const targetsOf = new Map<string, { id: string; taskId: string; leadUnitId: string | null }[]>();
  for (const { task, key } of taskSlots) {
    let list = targetsOf.get(key);
    if (!list) targetsOf.set(key, (list = []));
    for (const g of task.targets) list.push({ id: g.id, taskId: task.taskId, leadUnitId: g.leadUnitId });
  }
  const periodIds = [...slots.values()].flatMap((s) => (s.id ? [s.id] : []));
  const [inPeriod, ...latestBySlot] = await Promise.all([
    // A filtered view (a contact's, a unit's) reads only its own tasks' reports.
    options.taskFilter
      ? deps.status.reportsAsOf(periodIds, at, [...new Set(taskSlots.map((s) => s.task.taskId))])
      : deps.status.reportsAsOf(periodIds, at),
    ...[...slots.values()].map((slot) =>
      deps.status.latestValues({
        groupId: group.id,
        periodStartsBy: slot.startsAt,
        until: at,
        targets: targetsOf.get(slot.key) ?? [],
      }),
    ),
  ]);
  const latest = new Map([...slots.keys()].map((key, i) => [key, latestBySlot[i]!]));

  // Indexed once by task: a large group has thousands of tasks (scanning the list per task cost
  // seconds). By task alone, then its few reports scanned: a key joining three ids was a new string
  // to build and hash for every duty, most of the loop below.
  const reportsOf = new Map<string, ReportAsOf[]>();
  for (const r of inPeriod) {
    const list = reportsOf.get(r.taskId);
    if (list) list.push(r);
    else reportsOf.set(r.taskId, [r]);
  }
  const reportOf = (taskId: string, unitId: string, periodId: string): ReportAsOf | null =>
    reportsOf.get(taskId)?.find((r) => r.unitId === unitId && r.periodId === periodId) ?? null;

  const counts = emptyCounts();
  const lights: Record<Light, number> = { green: 0, yellow: 0, red: 0, done: 0, none: 0 };
  const byUnit = new Map<string, { unit: UnitRef; counts: DutyCounts }>();
  const evaluated: TaskEvaluation[] = [];
  for (const { task, key } of taskSlots) {
    const slot = slots.get(key)!;
    const leads = options.unitFilter ? task.leadUnits.filter((u) => options.unitFilter!(u.id)) : task.leadUnits;
    if (leads.length === 0 && options.unitFilter) continue;
    const units: UnitDuty[] = leads.map((unit) => {
      const report = slot.id ? reportOf(task.taskId, unit.id, slot.id) : null;
      const timeliness = timelinessOf(report, slot.dueAt, at);
      const corrected = (report?.versions ?? 0) > 1;
      countDuty(counts, timeliness, corrected);
      let row = byUnit.get(unit.id);
      if (!row) byUnit.set(unit.id, (row = { unit, counts: emptyCounts() }));
      countDuty(row.counts, timeliness, corrected);
      return { unit, timeliness, report, corrected };
    });
    const judgedAt = at.getTime() < slot.endsAt.getTime() ? at : slot.endsAt;
    const values = latest.get(key)!;
    const targets = task.targets.map((target) =>
      judgeTarget(target, values.get(target.id) ?? null, task, judgedAt, group.timezone),
    );
    const light = taskLight(
      targets,
      units.flatMap((u) => (u.report ? [u.report.status] : [])),
    );
    lights[light] += 1;
    evaluated.push({
      task,
      period: slot.period,
      periodKey: key,
      periodId: slot.id,
      dueAt: slot.dueAt,
      judgedAt,
      units,
      targets,
      light,
    });
  }
  const main = [...slots.values()].sort((a, b) => cycleRank(a.period) - cycleRank(b.period))[0];
  return {
    group,
    at,
    period: main?.period ?? options.period ?? null,
    dueAt: main?.dueAt ?? null,
    final: [...slots.values()].every((s) => s.dueAt.getTime() <= at.getTime()),
    tasks: evaluated,
    counts,
    lights,
    units: rankUnits([...byUnit.values()]),
  };
}

function cycleRank(period: Period): number {
  return period.cycle === "dekad" ? 0 : period.cycle === "month" ? 1 : 2;
}
