import { groupsOf, leadsGroup, type Actor } from "../../domain/access.js";
import type { WorkCalendar } from "../../domain/time/calendar.js";
import { previousPeriod, type Period } from "../../domain/time/periods.js";
import { evaluateGroup } from "../evaluation/index.js";
import type { DutyCounts, UnitDuty } from "../evaluation/types.js";
import type { ReportStore } from "../reports/ports.js";
import { periodAt } from "../schedule.js";
import type { GroupInfo, StatusStore } from "../status/ports.js";
import type { WebQueryStore } from "./ports.js";

/** What a page may show: the data, or why not (403 is not an empty page). */
export type Viewed<T> = { ok: true; view: T } | { ok: false; status: 403 | 404 };

export interface ConsoleDeps {
  status: StatusStore;
  reports: ReportStore;
  calendar: WorkCalendar;
  web: WebQueryStore;
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
        const snapshot = await evaluate(seen.view.group, seen.view.access, at);
        rows.push({ group: seen.view.group, full: seen.view.access.full, snapshot });
      }
      return rows;
    },

    /** 专班: the group's evaluation (for a contact, their own units' part of it). */
    async group(actor: Actor, key: string, at: Date) {
      const seen = await visibleGroup(actor, key);
      if (!seen.ok) return seen;
      const [snapshot, listKinds] = await Promise.all([
        evaluate(seen.view.group, seen.view.access, at),
        deps.web.listKinds(seen.view.group.id),
      ]);
      return { ok: true as const, view: { ...seen.view, snapshot, listKinds } };
    },

    /** 任务: the task now, and every report version ever sent on it. */
    async task(actor: Actor, groupKey: string, taskKey: string, at: Date) {
      const seen = await visibleGroup(actor, groupKey);
      if (!seen.ok) return seen;
      const found = await deps.web.findTask(groupKey, taskKey);
      if (!found) return { ok: false as const, status: 404 as const };
      const snapshot = await evaluate(seen.view.group, { full: true }, at, undefined, found.taskId);
      const now = snapshot.tasks[0];
      if (!now) return { ok: false as const, status: 404 as const };
      const { access } = seen.view;
      if (!access.full && !now.task.leadUnits.some((u) => access.unitIds.has(u.id)))
        return { ok: false as const, status: 403 as const };
      const versions = (await deps.web.reportVersions(found.taskId)).filter(
        (r) => access.full || access.unitIds.has(r.unitId),
      );
      return { ok: true as const, view: { group: seen.view.group, now, versions } };
    },

    /** 单位: its tasks now, its timeliness in each of the last periods, its contacts. */
    async unit(actor: Actor, unitKey: string, at: Date, periods = 6) {
      const unit = await deps.web.findUnit(unitKey);
      if (!unit) return { ok: false as const, status: 404 as const };
      const own = actor.units.some((u) => u.unitId === unit.id);
      const groupKey = unit.groupKeys.find((k) => leadsGroup(actor, k)) ?? (own ? unit.groupKeys[0] : undefined);
      if (!groupKey) return { ok: false as const, status: 403 as const };
      const group = await deps.status.findGroup(groupKey);
      if (!group) return { ok: false as const, status: 404 as const };
      const access: GroupAccess = { full: false, unitIds: new Set([unit.id]) };
      const current = await evaluate(group, access, at);
      const history: { period: Period; dueAt: Date | null; counts: DutyCounts; states: UnitDuty[] }[] = [];
      let period = periodAt("dekad", at, group.timezone);
      for (let i = 0; i < periods; i += 1) {
        const snap = await evaluate(group, access, at, period);
        history.push({ period, dueAt: snap.dueAt, counts: snap.counts, states: snap.tasks.flatMap((t) => t.units) });
        period = previousPeriod(period);
      }
      const contacts = await deps.web.unitContacts(unit.id);
      return { ok: true as const, view: { unit, group, current, history, contacts } };
    },
  };
}

export type ConsoleViews = ReturnType<typeof createConsoleViews>;
