import { statusLabel } from "../../domain/report/labels.js";
import {
  formatPeriodId,
  label as periodLabel,
  periodFirstDay,
  periodLastDay,
  periodsBetween,
  type Period,
} from "../../domain/time/periods.js";
import type { Light } from "../chat/outbound.js";
import type { Locale } from "../i18n/catalog.js";
import { groupSnapshot, type GroupSnapshot } from "../status/period-snapshot.js";
import type { GroupInfo } from "../status/ports.js";
import { saysSomething, type StatusDeps } from "../status/status-views.js";
import type { DigestContent, DigestRow, DigestTask } from "./digest-content.js";

/**
 * Builds a digest for one period of a group: 旬简报 from that 旬's reports; 月通报 and 季总结 from
 * the 旬 inside them (the latest 旬 gives the standing, all of them the timeliness ranking, and for
 * the quarter each indicator's trend).
 */
export async function buildDigest(
  deps: StatusDeps,
  group: GroupInfo,
  period: Period,
  at: Date,
  locale: Locale,
): Promise<DigestContent> {
  const dekads =
    period.cycle === "dekad" ? [period] : periodsBetween("dekad", periodFirstDay(period), periodLastDay(period));
  const snapshots: GroupSnapshot[] = [];
  for (const dekad of dekads) snapshots.push(await groupSnapshot(deps, group, at, { period: dekad }));
  const latest = snapshots[snapshots.length - 1]!;
  const main = period.cycle === "dekad" ? latest : await periodDue(deps, group, period, at, latest);

  const lights: Record<Light, number> = { green: 0, yellow: 0, red: 0, done: 0, none: 0 };
  const tasks: DigestTask[] = latest.tasks.map((t) => {
    lights[t.light] += 1;
    return {
      key: t.task.key,
      title: t.task.title,
      leadUnits: t.task.leadUnits.map((u) => u.name),
      light: t.light,
      reportedUnits: t.units.filter((u) => u.report).map((u) => u.unit.name),
      missingUnits: t.units.filter((u) => !u.report).map((u) => u.unit.name),
      targets: t.targets.map((x) => ({
        key: x.target.key,
        metric: x.target.metric,
        unitOfMeasure: x.target.unitOfMeasure,
        targetValue: x.target.targetValue,
        direction: x.target.direction,
        progress: x.value,
        completion: x.judged.completion,
        pace: x.judged.pace,
        light: x.judged.light,
      })),
    };
  });

  const missing = new Map<string, { key: string; name: string; tasks: string[] }>();
  for (const t of latest.tasks) {
    for (const u of t.units.filter((x) => !x.report)) {
      const entry = missing.get(u.unit.key) ?? { key: u.unit.key, name: u.unit.name, tasks: [] };
      entry.tasks.push(t.task.key);
      missing.set(u.unit.key, entry);
    }
  }

  const notes: DigestContent["notes"] = [];
  const rows: DigestRow[] = [];
  for (const snapshot of snapshots) {
    for (const t of snapshot.tasks) {
      for (const u of t.units) {
        const r = u.report;
        const said = (text: string) => (saysSomething(text) ? text : "");
        if (r && snapshot === latest && (said(r.problems) || said(r.coordinationNeeded) || said(r.nextSteps))) {
          notes.push({
            taskKey: t.task.key,
            taskTitle: t.task.title,
            unitName: u.unit.name,
            problems: said(r.problems),
            coordination: said(r.coordinationNeeded),
            nextSteps: said(r.nextSteps),
          });
        }
        const targets = t.task.targets.filter((x) => x.leadUnitId === null || x.leadUnitId === u.unit.id);
        for (const target of targets.length > 0 ? targets : [null]) {
          rows.push({
            taskKey: t.task.key,
            taskTitle: t.task.title,
            unitName: u.unit.name,
            metric: target?.metric ?? "",
            value: target && r ? (r.values.find((v) => v.targetId === target.id)?.value ?? null) : null,
            unitOfMeasure: target?.unitOfMeasure ?? "",
            targetValue: target?.targetValue ?? null,
            status: r ? statusLabel(r.status) : "",
            submittedAt: r ? r.submittedAt.toISOString() : null,
            late: r?.isLate ?? false,
            version: r?.version ?? null,
            progress: r?.progress ?? "",
            problems: r?.problems ?? "",
            nextSteps: r?.nextSteps ?? "",
            coordination: r?.coordinationNeeded ?? "",
          });
        }
      }
    }
  }

  const content: DigestContent = {
    kind: period.cycle,
    group: { key: group.key, name: group.name },
    period: {
      id: formatPeriodId(period),
      label: periodLabel(period, locale),
      dueAt: (main.dueAt ?? at).toISOString(),
      startDate: periodFirstDay(period),
      endDate: periodLastDay(period),
    },
    builtAt: at.toISOString(),
    locale,
    headline: {
      tasks: latest.tasks.length,
      expected: latest.counts.expected,
      onTime: latest.counts.onTime,
      late: latest.counts.late,
      missing: latest.counts.missing + latest.counts.pending,
      lights,
    },
    missingUnits: [...missing.values()],
    tasks,
    notes,
    rows,
  };
  if (period.cycle !== "dekad") content.timeliness = timeliness(snapshots);
  if (period.cycle === "quarter") content.trends = trends(snapshots, locale);
  return content;
}

async function periodDue(deps: StatusDeps, group: GroupInfo, period: Period, at: Date, fallback: GroupSnapshot) {
  const snapshot = await groupSnapshot(deps, group, at, { period, taskFilter: () => false });
  return { dueAt: snapshot.dueAt ?? fallback.dueAt };
}

/** 月通报: units ranked by their share of reports on time (late ones count half), then by name. */
function timeliness(snapshots: readonly GroupSnapshot[]): NonNullable<DigestContent["timeliness"]> {
  const byUnit = new Map<string, { unitName: string; onTime: number; late: number; missing: number }>();
  for (const snapshot of snapshots) {
    for (const t of snapshot.tasks) {
      for (const u of t.units) {
        const entry = byUnit.get(u.unit.id) ?? { unitName: u.unit.name, onTime: 0, late: 0, missing: 0 };
        if (u.state === "on_time") entry.onTime += 1;
        else if (u.state === "late") entry.late += 1;
        else entry.missing += 1;
        byUnit.set(u.unit.id, entry);
      }
    }
  }
  const score = (u: { onTime: number; late: number; missing: number }) =>
    (u.onTime + u.late / 2) / Math.max(1, u.onTime + u.late + u.missing);
  return [...byUnit.values()].sort((a, b) => score(b) - score(a) || a.unitName.localeCompare(b.unitName, "zh-CN"));
}

/** 季总结: each indicator's latest value at the end of each 旬 of the quarter. */
function trends(snapshots: readonly GroupSnapshot[], locale: Locale): NonNullable<DigestContent["trends"]> {
  const result: NonNullable<DigestContent["trends"]> = [];
  const first = snapshots[0];
  if (!first) return result;
  for (const t of first.tasks) {
    for (const target of t.targets) {
      result.push({
        taskKey: t.task.key,
        metric: target.target.metric,
        unitOfMeasure: target.target.unitOfMeasure,
        points: snapshots.map((s) => {
          const task = s.tasks.find((x) => x.task.taskId === t.task.taskId);
          const value = task?.targets.find((x) => x.target.id === target.target.id)?.value ?? null;
          const p = task?.period ?? s.period!;
          return { periodId: formatPeriodId(p), label: periodLabel(p, locale), value };
        }),
      });
    }
  }
  return result;
}
