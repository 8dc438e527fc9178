// The scheduler's plan: which reminders, chases, escalations and digests fall due in a window of
// time. Pure: everything it needs (groups, settings, tasks, calendar, window) is passed in; the
// scheduler loop and `zhuanban plan` load it through the PlanStore port.

import type { WorkCalendar } from "../../domain/time/calendar.js";
import type { DueRule } from "../../domain/time/due-rules.js";
import { addDays, compareLocalDates } from "../../domain/time/local-date.js";
import {
  CYCLES,
  formatPeriodId,
  periodFirstDay,
  periodLastDay,
  periodsBetween,
  type Cycle,
  type Period,
} from "../../domain/time/periods.js";
import {
  digestAt,
  DEFAULT_DIGEST_OFFSET,
  planLadder,
  type LadderOffset,
  type PlannedStep,
} from "../../domain/time/reminder-ladder.js";
import { localDateOf } from "../../domain/time/zoned.js";
import type { CycleSettingRow } from "../reports/ports.js";
import { cycleRules, periodDeadline, reportingCycle, type CycleRules } from "../schedule.js";
import type { GroupTask } from "../status/ports.js";
import type { GroupPlanInput } from "./ports.js";

/** What a planned item is: a ladder step's kind, or the period's digest. */
export type PlanItemKind = "reminder" | "chase" | "escalation" | "digest";

/**
 * One message the scheduler owes. `reminder` and `chase` items go to one lead unit's contacts about
 * one task (`task` and `unit` set); `escalation` (to the convenor and office) and `digest` (to the
 * group channel) are per group and period (`task` and `unit` absent). Together, (group, period,
 * task, unit, stage) identify the item, as the outbox key does.
 */
export interface PlanItem {
  kind: PlanItemKind;
  /** The ladder step's key (`early`, `due-day`, `before`, `chase`, `escalation`), or `digest`. */
  stage: string;
  /** Group key. */
  group: string;
  groupId: string;
  cycle: Cycle;
  /** Period id, e.g. `2023-01-X2`. */
  period: string;
  /** Task key (reminders and chases). */
  task?: string;
  taskId?: string;
  /** Lead unit key (reminders and chases). */
  unit?: string;
  unitId?: string;
  /** The period's due instant under the group's rule. */
  dueAt: Date;
  /** When the item is to be sent. */
  at: Date;
}

/** Input of {@link planAt}. */
export interface PlanAtInput {
  groups: readonly GroupPlanInput[];
  calendar: WorkCalendar;
  /** Start of the window (inclusive). */
  from: Date;
  /** End of the window (exclusive). */
  to: Date;
}

/**
 * Calendar days that certainly hold a run of non-working days (the longest, around 春节 or 国庆, is
 * 9-10 days) plus a quiet-hours move to the next morning.
 */
const SLACK_DAYS = 21;

/** How many calendar days after the period's last day its due day can be, at most. */
function dueReachDays(rule: DueRule): number {
  switch (rule.kind) {
    case "lastWorkingDay":
      return SLACK_DAYS;
    case "nthWorkingDayAfter":
      return 2 * rule.n + SLACK_DAYS;
    case "fixedDayOfMonth":
      return (rule.monthOffset === 1 ? 62 : 31) + SLACK_DAYS;
  }
}

/** How many calendar days from the due instant a step with this offset can land, at most. */
function offsetReachDays(offset: LadderOffset): number {
  return "hours" in offset
    ? Math.ceil(Math.abs(offset.hours) / 24) + SLACK_DAYS
    : 2 * Math.abs(offset.workingDays) + SLACK_DAYS;
}

/** Whether the task runs during the period: its start and end dates (when set) overlap the period. */
export function taskRunsIn(task: GroupTask, period: Period): boolean {
  if (task.startDate !== null && compareLocalDates(task.startDate, periodLastDay(period)) > 0) return false;
  if (task.endDate !== null && compareLocalDates(task.endDate, periodFirstDay(period)) < 0) return false;
  return true;
}

const KIND_RANK: Record<PlanItemKind, number> = { reminder: 0, chase: 1, escalation: 2, digest: 3 };
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The order of {@link planAt}'s result: by `at`, then group, task, unit, period, kind and stage. */
export function comparePlanItems(a: PlanItem, b: PlanItem): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    byText(a.group, b.group) ||
    byText(a.task ?? "", b.task ?? "") ||
    byText(a.unit ?? "", b.unit ?? "") ||
    byText(a.period, b.period) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    byText(a.stage, b.stage)
  );
}

/** The enabled cycle settings of a group, one per cycle, shortest cycle first. */
function enabledCycles(settings: readonly CycleSettingRow[]): CycleSettingRow[] {
  return CYCLES.flatMap((cycle) => {
    const row = settings.find((s) => s.cycle === cycle && s.enabled);
    return row ? [row] : [];
  });
}

/** A lead unit of a task, as plan items name it. */
type LeadUnit = GroupTask["leadUnits"][number];

/** One candidate period of a cycle placed in time: what does not depend on the window. */
interface PeriodPlan {
  period: Period;
  id: string;
  dueAt: Date;
  steps: PlannedStep[];
  digest: Date;
  /** Whether any reporting task of the group (on whatever cycle) runs during the period. */
  digestOwed?: boolean;
  /** The (task, lead unit) pairs owing a report, by task key then unit key (the items' order). */
  owing?: { task: GroupTask; unit: LeadUnit }[];
}

/** One enabled cycle of a group, with what planning it needs that does not depend on the window. */
interface CyclePlan {
  setting: CycleSettingRow;
  rules: CycleRules;
  /** How many days before the window a period's last day can be and still have a step in it. */
  behindDays: number;
  /** How many days after the window a period's first day can be (a step before its due day). */
  aheadDays: number;
  /** The tasks reporting on this cycle, by key, with their lead units by key. */
  tasks: GroupTask[];
  /** Placed periods, by id: kept while the inputs are, and trimmed to the candidates of each call. */
  periods: Map<string, PeriodPlan>;
}

/** What {@link planAt} works out once per group: per enabled cycle, and the reporting tasks. */
interface GroupPlan {
  calendar: WorkCalendar;
  cycles: CyclePlan[];
  reporting: GroupTask[];
}

/**
 * Group plans of inputs that cannot change (frozen: the PlanStore keeps them so between ticks), so
 * that the next tick reuses the cycles' rules, the tasks sorted per cycle and the periods already
 * placed in time; inputs that are not frozen are worked out again at each call.
 */
const keptPlans = new WeakMap<GroupPlanInput, GroupPlan>();

function groupPlan(input: GroupPlanInput, calendar: WorkCalendar): GroupPlan {
  const kept = keptPlans.get(input);
  if (kept && kept.calendar === calendar) return kept;
  const { settings, tasks } = input;
  const cycleOf = new Map(tasks.map((task) => [task, reportingCycle(task.cycles, settings)]));
  const reporting = tasks.filter((task) => cycleOf.get(task) !== null);
  const byKey = (a: { key: string }, b: { key: string }) => byText(a.key, b.key);
  const plan: GroupPlan = {
    calendar,
    reporting,
    cycles: enabledCycles(settings).map((setting): CyclePlan => {
      const rules = cycleRules(setting);
      const reach = Math.max(
        offsetReachDays(DEFAULT_DIGEST_OFFSET),
        ...rules.ladder.map((step) => offsetReachDays(step.offset)),
      );
      return {
        setting,
        rules,
        behindDays: dueReachDays(rules.dueRule) + reach,
        aheadDays: reach,
        tasks: reporting
          .filter((task) => cycleOf.get(task) === setting.cycle)
          .map((task) => ({ ...task, leadUnits: [...task.leadUnits].sort(byKey) }))
          .sort(byKey),
        periods: new Map(),
      };
    }),
  };
  if (Object.isFrozen(input) && Object.isFrozen(tasks) && Object.isFrozen(settings)) keptPlans.set(input, plan);
  return plan;
}

/** The candidate period placed in time under the cycle's rules (kept in `cycle.periods`). */
function periodPlan(cycle: CyclePlan, period: Period, calendar: WorkCalendar, timezone: string): PeriodPlan {
  const id = formatPeriodId(period);
  const kept = cycle.periods.get(id);
  if (kept) return kept;
  const { ladder, quietHours } = cycle.rules;
  // The one deadline computation (periodDeadline) that reports, /status and digests use too.
  const dueAt = periodDeadline(period, cycle.rules, calendar, timezone);
  const placed: PeriodPlan = {
    period,
    id,
    dueAt,
    steps: planLadder({ period, dueAt, ladder, quietHours, calendar, timezone }),
    digest: digestAt({ dueAt, calendar, timezone, quietHours }),
  };
  cycle.periods.set(id, placed);
  return placed;
}

/** The tasks of `tasks` running during the period: the window's dates compared as text, once per period. */
function runningIn(tasks: readonly GroupTask[], period: Period): GroupTask[] {
  const first = periodFirstDay(period);
  const last = periodLastDay(period);
  return tasks.filter(
    (task) => !(task.startDate !== null && task.startDate > last) && !(task.endDate !== null && task.endDate < first),
  );
}

/**
 * Every item falling due in the window [`from`, `to`), sorted by {@link comparePlanItems}.
 *
 * For each group and each of its enabled cycles (rules from `cycleRules`: due rule, ladder and
 * quiet hours, defaults when unset), every period whose ladder can reach the window is placed in
 * time: its due instant (`periodDeadline` in the group's timezone), its ladder (`planLadder`) and its
 * digest (`digestAt`, by default with the escalation at 09:00 on the next working day). Then:
 * - each `reminder` and `chase` step gives one item per (task, lead unit) for the tasks that report
 *   on this cycle (`reportingCycle`: the shortest enabled cycle the task takes part in) and run
 *   during the period (start and end dates, when set, overlap it);
 * - each `escalation` step gives one item per group and period, when the period has such a task
 *   with at least one lead unit (an escalation lists missing units; with none expected there is
 *   nothing to escalate);
 * - the digest gives one item per group and period when any task of the group, on whatever cycle,
 *   runs during the period (a month's 月通报 is built from the 旬 reports inside it).
 *
 * An empty window (`to` <= `from`) gives nothing. Windows of any length work; the scheduler asks
 * for the time since its last tick. Frozen inputs (as the PlanStore keeps them) are worked out once
 * and reused by later calls; they must not change (freezing says they cannot).
 */
export function planAt(input: PlanAtInput): PlanItem[] {
  const { calendar, from, to } = input;
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (Number.isNaN(fromMs) || Number.isNaN(toMs)) throw new RangeError("planAt: invalid window instant");
  if (toMs <= fromMs) return [];
  const inWindow = (at: Date) => at.getTime() >= fromMs && at.getTime() < toMs;

  // Items come in blocks: one per (period, step) in the order of the comparator, all at one instant
  // and of one group; ordering the blocks is enough to order the items (below).
  const blocks: PlanItem[][] = [];
  for (const groupInput of input.groups) {
    const { group } = groupInput;
    const timezone = group.timezone;
    const plan = groupPlan(groupInput, calendar);
    const fromDate = localDateOf(from, timezone);
    const toDate = localDateOf(new Date(toMs - 1), timezone);

    for (const cycle of plan.cycles) {
      const candidates = periodsBetween(
        cycle.setting.cycle,
        addDays(fromDate, -cycle.behindDays),
        addDays(toDate, cycle.aheadDays),
      );
      const placed = candidates.map((period) => periodPlan(cycle, period, calendar, timezone));
      // Periods the windows have moved past are dropped, so a long-running process keeps only a few.
      if (cycle.periods.size > placed.length) {
        const current = new Set(placed.map((p) => p.id));
        for (const id of cycle.periods.keys()) if (!current.has(id)) cycle.periods.delete(id);
      }

      for (const p of placed) {
        // Who owes a report, worked out only for a period with a step in the window (most
        // candidate periods have none, and a large group has thousands of tasks), then kept.
        const owing = () =>
          (p.owing ??= runningIn(cycle.tasks, p.period).flatMap((task) =>
            task.leadUnits.map((unit) => ({ task, unit })),
          ));
        for (const step of p.steps) {
          if (!inWindow(step.at)) continue;
          if (step.kind === "escalation") {
            if (owing().length > 0) blocks.push([groupItem(groupInput, cycle, p, "escalation", step.key, step.at)]);
            continue;
          }
          const kind = step.kind;
          const pairs = owing();
          const block: PlanItem[] = new Array<PlanItem>(pairs.length);
          for (let i = 0; i < pairs.length; i++) {
            const { task, unit } = pairs[i]!;
            block[i] = {
              kind,
              stage: step.key,
              group: group.key,
              groupId: group.id,
              cycle: cycle.setting.cycle,
              period: p.id,
              task: task.key,
              taskId: task.taskId,
              unit: unit.key,
              unitId: unit.id,
              dueAt: p.dueAt,
              at: step.at,
            };
          }
          if (block.length > 0) blocks.push(block);
        }

        if (inWindow(p.digest) && (p.digestOwed ??= runningIn(plan.reporting, p.period).length > 0)) {
          blocks.push([groupItem(groupInput, cycle, p, "digest", "digest", p.digest)]);
        }
      }
    }
  }
  return orderBlocks(blocks);
}

/**
 * The blocks' items in the order of {@link comparePlanItems}: a block's items share the instant and
 * the group and are already in order, so blocks ordered by instant and group give the order, except
 * among blocks of the same instant and group (two steps or periods at once), whose items are sorted
 * together. Sorting 20,000 items of a busy minute one by one cost more than building them.
 */
function orderBlocks(blocks: PlanItem[][]): PlanItem[] {
  const head = (block: PlanItem[]) => block[0]!;
  blocks.sort((a, b) => head(a).at.getTime() - head(b).at.getTime() || byText(head(a).group, head(b).group));
  const items: PlanItem[] = [];
  for (let i = 0; i < blocks.length;) {
    let j = i + 1;
    const first = head(blocks[i]!);
    while (
      j < blocks.length &&
      head(blocks[j]!).at.getTime() === first.at.getTime() &&
      head(blocks[j]!).group === first.group
    ) {
      j += 1;
    }
    const run = j === i + 1 ? blocks[i]! : blocks.slice(i, j).flat().sort(comparePlanItems);
    for (const item of run) items.push(item);
    i = j;
  }
  return items;
}

/** An escalation or digest item: per group and period. */
function groupItem(
  input: GroupPlanInput,
  cycle: CyclePlan,
  p: PeriodPlan,
  kind: "escalation" | "digest",
  stage: string,
  at: Date,
): PlanItem {
  return {
    kind,
    stage,
    group: input.group.key,
    groupId: input.group.id,
    cycle: cycle.setting.cycle,
    period: p.id,
    dueAt: p.dueAt,
    at,
  };
}
