import type { WorkCalendar } from "../../domain/time/calendar.js";
import { formatPeriodId, periodStartEnd, type Period } from "../../domain/time/periods.js";
import type { Light } from "../chat/outbound.js";
import type { ReportStore } from "../reports/ports.js";
import { combineLights, judgeTarget, type TargetJudgement } from "../reports/progress.js";
import { cycleRules, materializePeriod, periodAt, reportingCycle } from "../schedule.js";
import type { CurrentReport, GroupInfo, GroupTask, StatusStore } from "./ports.js";

export interface UnitState {
  unit: { id: string; key: string; name: string };
  report: CurrentReport | null;
  /** on time, late (补报), or missing with the deadline passed or not. */
  state: "on_time" | "late" | "missing" | "pending";
}

export interface TaskSnapshot {
  task: GroupTask;
  period: Period;
  periodId: string;
  dueAt: Date;
  units: UnitState[];
  targets: { target: GroupTask["targets"][number]; value: number | null; judged: TargetJudgement }[];
  light: Light;
}

export interface GroupSnapshot {
  group: GroupInfo;
  at: Date;
  /** The period most tasks report on (the group's shortest enabled cycle), for headings. */
  period: Period | null;
  dueAt: Date | null;
  tasks: TaskSnapshot[];
  counts: { expected: number; onTime: number; late: number; missing: number; pending: number };
}

/**
 * Where a group stands at an instant: for each task its current period, which lead units have
 * reported (on time or late) and which are missing, and each target's latest value judged against
 * target and pace. /status, /tasks and the digests are all views of this.
 */
export async function groupSnapshot(
  deps: { status: StatusStore; reports: ReportStore; calendar: WorkCalendar },
  group: GroupInfo,
  at: Date,
  options: {
    period?: Period;
    taskFilter?: (task: GroupTask) => boolean;
    unitFilter?: (unitId: string) => boolean;
  } = {},
): Promise<GroupSnapshot> {
  // Independent reads run together: for the largest group the snapshot is mostly waiting on them.
  const [settings, allTasks] = await Promise.all([
    deps.reports.cycleSettings(group.id),
    deps.status.groupTasks(group.id),
  ]);
  const tasks = options.taskFilter ? allTasks.filter(options.taskFilter) : allTasks;
  const periods = new Map<string, { period: Period; id: string; dueAt: Date }>();
  const taskPeriods: { task: GroupTask; key: string }[] = [];
  // The period at `at` per cycle, worked out once: a timezone conversion per task cost a large
  // group (4,000 tasks) tens of milliseconds.
  const periodOf = new Map<string, Period>();
  for (const task of tasks) {
    const cycle = options.period?.cycle ?? reportingCycle(task.cycles, settings);
    if (!cycle) continue;
    let period = options.period ?? periodOf.get(cycle);
    if (!period) periodOf.set(cycle, (period = periodAt(cycle, at, group.timezone)));
    const key = formatPeriodId(period);
    if (!periods.has(key)) {
      const rules = cycleRules(
        settings.find((s) => s.cycle === cycle) ?? {
          cycle,
          enabled: true,
          dueRule: null,
          ladder: null,
          quietHours: null,
        },
      );
      const row = await materializePeriod(deps.reports, group, period, rules, deps.calendar);
      periods.set(key, { period, id: row.id, dueAt: row.dueAt });
    }
    taskPeriods.push({ task, key });
  }
  // A target's progress is the latest value reported for it, in this period or an earlier one:
  // asked of the store per period (not read from the year's reports, which cost seconds for a
  // large group). Asked together with the period's reports, which do not depend on it.
  const targetsOf = new Map<string, { id: string; taskId: string; leadUnitId: string | null }[]>();
  for (const { task, key } of taskPeriods) {
    let list = targetsOf.get(key);
    if (!list) targetsOf.set(key, (list = []));
    for (const g of task.targets) list.push({ id: g.id, taskId: task.taskId, leadUnitId: g.leadUnitId });
  }
  const [inPeriod, ...latestByPeriod] = await Promise.all([
    deps.status.reportsInPeriods([...periods.values()].map((p) => p.id)),
    ...[...periods].map(([key, p]) =>
      deps.status.latestValues({
        groupId: group.id,
        periodStartsBy: periodStartEnd(p.period, group.timezone).start,
        until: at,
        targets: targetsOf.get(key) ?? [],
      }),
    ),
  ]);
  const latest = new Map([...periods.keys()].map((key, i) => [key, latestByPeriod[i]!]));

  // Indexed once: a large group has thousands of tasks (scanning the list per task cost seconds).
  const reportOf = new Map<string, (typeof inPeriod)[number]>();
  for (const r of inPeriod) {
    const id = `${r.taskId}|${r.unitId}|${r.periodId}`;
    if (!reportOf.has(id)) reportOf.set(id, r);
  }

  const counts = { expected: 0, onTime: 0, late: 0, missing: 0, pending: 0 };
  const snapshots: TaskSnapshot[] = [];
  for (const { task, key } of taskPeriods) {
    const p = periods.get(key)!;
    const leads = options.unitFilter ? task.leadUnits.filter((u) => options.unitFilter!(u.id)) : task.leadUnits;
    const units: UnitState[] = leads.map((unit) => {
      const report = reportOf.get(`${task.taskId}|${unit.id}|${p.id}`) ?? null;
      const state: UnitState["state"] = report
        ? report.isLate
          ? "late"
          : "on_time"
        : at.getTime() > p.dueAt.getTime()
          ? "missing"
          : "pending";
      counts.expected += 1;
      counts[state === "on_time" ? "onTime" : state] += 1;
      return { unit, report, state };
    });
    if (units.length === 0 && options.unitFilter) continue;
    const judgeAt = at.getTime() < p.dueAt.getTime() ? at : p.dueAt;
    const values = latest.get(key)!;
    const targets = task.targets.map((target) => {
      const value = values.get(target.id) ?? null;
      return { target, value, judged: judgeTarget(target, value, task, judgeAt, group.timezone) };
    });
    const light =
      targets.length > 0
        ? combineLights(targets.map((t) => t.judged.light))
        : units.some((u) => u.report?.status === "behind")
          ? "red"
          : units.some((u) => u.report?.status === "at_risk")
            ? "yellow"
            : units.every((u) => u.report?.status === "done") && units.length > 0
              ? "done"
              : units.some((u) => u.report)
                ? "green"
                : "none";
    snapshots.push({ task, period: p.period, periodId: p.id, dueAt: p.dueAt, units, targets, light });
  }
  const main = [...periods.values()].sort((a, b) => cycleRank(a.period) - cycleRank(b.period))[0];
  return { group, at, period: main?.period ?? null, dueAt: main?.dueAt ?? null, tasks: snapshots, counts };
}

function cycleRank(period: Period): number {
  return period.cycle === "dekad" ? 0 : period.cycle === "month" ? 1 : 2;
}
