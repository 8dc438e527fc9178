import { groupsOf, leadsGroup, type Actor } from "../../domain/access.js";
import type { WorkCalendar } from "../../domain/time/calendar.js";
import { periodContaining, previousPeriod, type Period } from "../../domain/time/periods.js";
import { localDateOf } from "../../domain/time/zoned.js";
import { dayAgainstPlan, evaluateGroup, planRange, taskStart } from "../evaluation/index.js";
import type { DutyCounts, GroupPeriodEvaluation, UnitDuty } from "../evaluation/types.js";
import { planWindow } from "../plan/plan-window.js";
import type { PlanStore } from "../plan/ports.js";
import type { ReportStore } from "../reports/ports.js";
import { periodAt, reportingCycle } from "../schedule.js";
import type { GroupInfo, StatusStore } from "../status/ports.js";
import type { WebQueryStore } from "./ports.js";
import { SCHEDULE_DAYS, scheduleDays } from "./schedule-view.js";

/** What a page may show: the data, or why not (403 is not an empty page). */
export type Viewed<T> = { ok: true; view: T } | { ok: false; status: 403 | 404 };

export interface ConsoleDeps {
  status: StatusStore;
  reports: ReportStore;
  calendar: WorkCalendar;
  web: WebQueryStore;
  plan: PlanStore;
}

/**
 * Where today lies against the group's plan when outside it (the rule /status refuses by): the page
 * says so instead of showing the empty figures of a period no task counts in. Null when inside.
 */
export interface PlanNotice {
  day: string;
  side: "before" | "after";
  start: string;
  end: string | null;
}

/** How an actor sees a group: leaders see all of it, a contact only the tasks their units lead. */
export type GroupAccess = { full: true } | { full: false; unitIds: Set<string> };

export function groupAccess(actor: Actor, group: { key: string }): GroupAccess | null {
  if (leadsGroup(actor, group.key)) return { full: true };
  if (actor.groupRoles.some((r) => r.groupKey === group.key))
    return { full: false, unitIds: new Set(actor.units.map((u) => u.unitId)) };
  return null;
}

export function isOffice(actor: Actor, groupKey: string): boolean {
  return actor.groupRoles.some((r) => r.groupKey === groupKey && r.role === "office");
}

/**
 * The web console's reads. Every figure (counts, lights, pace, timeliness) comes from the one group
 * evaluation ({@link evaluateGroup}) that /status uses, restricted to a contact's own units exactly as
 * /status restricts them; nothing here or in src/web computes one.
 */
export function createConsoleViews(deps: ConsoleDeps) {
  const evaluate = (group: GroupInfo, access: GroupAccess, at: Date, period?: Period, taskId?: string) =>
    evaluateGroup(deps, group, at, {
      ...(period ? { period } : {}),
      // As /status filters a contact's view: their units' tasks, their units' rows of them.
      taskFilter: (t) =>
        (!taskId || t.taskId === taskId) && (access.full || t.leadUnits.some((u) => access.unitIds.has(u.id))),
      ...(access.full ? {} : { unitFilter: (id: string) => access.unitIds.has(id) }),
    });

  async function planNotice(group: GroupInfo, at: Date): Promise<PlanNotice | null> {
    const range = planRange(await deps.status.groupTasks(group.id));
    const day = localDateOf(at, group.timezone);
    const side = dayAgainstPlan(day, range);
    return side === "inside" || !range ? null : { day, side, start: range.start, end: range.end };
  }

  async function visibleGroup(actor: Actor, key: string): Promise<Viewed<{ group: GroupInfo; access: GroupAccess }>> {
    const group = await deps.status.findGroup(key);
    if (!group || group.key !== key) return { ok: false, status: 404 };
    const access = groupAccess(actor, group);
    return access ? { ok: true, view: { group, access } } : { ok: false, status: 403 };
  }

  return {
    visibleGroup,

    /** 总览: every group the actor may see with its evaluation now. */
    async overview(actor: Actor, at: Date) {
      const rows = [];
      for (const key of groupsOf(actor)) {
        const seen = await visibleGroup(actor, key);
        if (!seen.ok) continue;
        const [snapshot, outside] = await Promise.all([
          evaluate(seen.view.group, seen.view.access, at),
          planNotice(seen.view.group, at),
        ]);
        rows.push({ group: seen.view.group, full: seen.view.access.full, snapshot, outside });
      }
      return rows;
    },

    /** 专班: the group's evaluation (for a contact, their own units' part of it). */
    async group(actor: Actor, key: string, at: Date) {
      const seen = await visibleGroup(actor, key);
      if (!seen.ok) return seen;
      const [snapshot, listKinds, outside] = await Promise.all([
        evaluate(seen.view.group, seen.view.access, at),
        deps.web.listKinds(seen.view.group.id),
        planNotice(seen.view.group, at),
      ]);
      return { ok: true as const, view: { ...seen.view, snapshot, listKinds, outside } };
    },

    /** 任务: the task now, and every report version ever sent on it. */
    async task(actor: Actor, groupKey: string, taskKey: string, at: Date) {
      const seen = await visibleGroup(actor, groupKey);
      if (!seen.ok) return seen;
      const found = await deps.web.findTask(groupKey, taskKey);
      if (!found) return { ok: false as const, status: 404 as const };
      const { group } = seen.view;
      const task = (await deps.status.groupTasks(group.id)).find((x) => x.taskId === found.taskId);
      // A task no longer active (removed from the plan) has no page; its reports stay in the digests.
      if (!task) return { ok: false as const, status: 404 as const };
      const { access } = seen.view;
      if (!access.full && !task.leadUnits.some((u) => access.unitIds.has(u.id)))
        return { ok: false as const, status: 403 as const };
      let snapshot = await evaluate(group, { full: true }, at, undefined, found.taskId);
      // Outside its start and end dates a task counts in no current period: it is shown as of the
      // period holding its last day (ended) or its first day (not started), and the page says so.
      const outOfDates = snapshot.tasks.length === 0;
      if (outOfDates) {
        const cycle = reportingCycle(task.cycles, await deps.reports.cycleSettings(group.id));
        const today = localDateOf(at, group.timezone);
        const edge = task.endDate !== null && task.endDate < today ? task.endDate : taskStart(task);
        if (cycle && edge)
          snapshot = await evaluate(group, { full: true }, at, periodContaining(cycle, edge), task.taskId);
      }
      const now = snapshot.tasks[0];
      if (!now) return { ok: false as const, status: 404 as const };
      const versions = (await deps.web.reportVersions(found.taskId)).filter(
        (r) => access.full || access.unitIds.has(r.unitId),
      );
      return {
        ok: true as const,
        view: {
          group,
          now,
          versions,
          outOfDates: outOfDates ? { start: taskStart(task), end: task.endDate } : null,
        },
      };
    },

    /**
     * 单位: its tasks now, its timeliness in each of the last periods, its contacts. One evaluation
     * per period shown: the current one is the first row of the record, the earlier ones run together.
     */
    async unit(actor: Actor, unitKey: string, at: Date, periods = 6) {
      const unit = await deps.web.findUnit(unitKey);
      if (!unit) return { ok: false as const, status: 404 as const };
      const own = actor.units.some((u) => u.unitId === unit.id);
      const groupKey = unit.groupKeys.find((k) => leadsGroup(actor, k)) ?? (own ? unit.groupKeys[0] : undefined);
      if (!groupKey) return { ok: false as const, status: 403 as const };
      const group = await deps.status.findGroup(groupKey);
      if (!group) return { ok: false as const, status: 404 as const };
      const access: GroupAccess = { full: false, unitIds: new Set([unit.id]) };
      const [current, contacts, outside] = await Promise.all([
        evaluate(group, access, at),
        deps.web.unitContacts(unit.id),
        planNotice(group, at),
      ]);
      const earlier: Period[] = [];
      let period = current.period ?? periodAt("dekad", at, group.timezone);
      for (let i = 1; i < periods; i += 1) earlier.push((period = previousPeriod(period)));
      const past = await Promise.all(earlier.map((p) => evaluate(group, access, at, p)));
      const row = (snap: GroupPeriodEvaluation, p: Period) => ({
        period: p,
        dueAt: snap.dueAt,
        counts: snap.counts,
        states: snap.tasks.flatMap((t) => t.units),
      });
      const history: { period: Period; dueAt: Date | null; counts: DutyCounts; states: UnitDuty[] }[] = [
        row(current, current.period ?? periodAt("dekad", at, group.timezone)),
        ...past.map((snap, i) => row(snap, earlier[i]!)),
      ];
      return { ok: true as const, view: { unit, group, current, history, contacts, outside } };
    },

    /**
     * 日程: the next 30 days of the group's deadlines and reminder steps, from the scheduler's own
     * plan. A contact sees their own units' reminders and chases (the steps that reach them) and
     * those periods' deadlines; `unitKey` narrows to one unit, which for a contact must be their own.
     */
    async schedule(actor: Actor, groupKey: string, at: Date, unitKey: string | null = null) {
      const seen = await visibleGroup(actor, groupKey);
      if (!seen.ok) return seen;
      const { group, access } = seen.view;
      let unitIds: Set<string> | null = access.full ? null : access.unitIds;
      let unit: { key: string; name: string } | null = null;
      if (unitKey) {
        const found = await deps.web.findUnit(unitKey);
        if (!found || !found.groupKeys.includes(group.key)) return { ok: false as const, status: 404 as const };
        if (!access.full && !access.unitIds.has(found.id)) return { ok: false as const, status: 403 as const };
        unitIds = new Set([found.id]);
        unit = { key: found.key, name: found.name };
      }
      const to = new Date(at.getTime() + SCHEDULE_DAYS * 86_400_000);
      const [items, outside] = await Promise.all([
        planWindow({ plan: deps.plan, calendar: deps.calendar }, { from: at, to, groups: [group] }),
        planNotice(group, at),
      ]);
      // Escalations and digests are per group (to the convenor, office and channel): not a unit's.
      const shown = unitIds ? items.filter((i) => i.unitId !== undefined && unitIds.has(i.unitId)) : items;
      const days = scheduleDays(shown, { from: at, to, timezone: group.timezone, calendar: deps.calendar });
      return { ok: true as const, view: { group, full: access.full, unit, days, outside } };
    },
  };
}

export type ConsoleViews = ReturnType<typeof createConsoleViews>;
