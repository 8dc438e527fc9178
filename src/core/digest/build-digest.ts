import { statusLabel } from "../../domain/report/labels.js";
import {
  formatPeriodId,
  label as periodLabel,
  periodFirstDay,
  periodLastDay,
  periodsBetween,
  type Period,
} from "../../domain/time/periods.js";
import { localDateOf } from "../../domain/time/zoned.js";
import type { Locale } from "../i18n/catalog.js";
import { evaluateGroup, rankAcross, type EvaluationDeps, type GroupPeriodEvaluation } from "../evaluation/index.js";
import type { GroupInfo } from "../status/ports.js";
import { saysSomething } from "../status/snapshot-blocks.js";
import type { DigestContent, DigestRow, DigestTask } from "./digest-content.js";

/**
 * Builds a digest for one period of a group from evaluations (src/core/evaluation): 旬简报 from
 * that 旬's; 月通报 and 季总结 from the 旬 inside them (the latest 旬 gives the standing, all of them
 * the timeliness ranking, and for the quarter each indicator's trend). Every count, light, pace and
 * rank is copied from the evaluations. Read-only: nothing is stored here.
 */
export async function buildDigest(
  deps: EvaluationDeps,
  group: GroupInfo,
  period: Period,
  at: Date,
  locale: Locale,
): Promise<DigestContent> {
  const dekads =
    period.cycle === "dekad" ? [period] : periodsBetween("dekad", periodFirstDay(period), periodLastDay(period));
  const evaluations: GroupPeriodEvaluation[] = [];
  for (const dekad of dekads) evaluations.push(await evaluateGroup(deps, group, at, { period: dekad }));
  // The standing is the latest 旬 that has begun by `at` (a 月通报 built early stops at today's 旬).
  const begun = evaluations.filter((e) => e.period && periodFirstDay(e.period) <= localDay(e));
  const used = begun.length > 0 ? begun : evaluations.slice(0, 1);
  const latest = used[used.length - 1]!;
  const own =
    period.cycle === "dekad" ? latest : await evaluateGroup(deps, group, at, { period, taskFilter: () => false });

  const tasks: DigestTask[] = latest.tasks.map((t) => ({
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
      kind: x.kind,
      progress: x.value,
      completion: x.completion,
      pace: x.pace,
      light: x.light,
    })),
  }));

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
  const said = (text: string) => (saysSomething(text) ? text : "");
  for (const evaluation of used) {
    for (const t of evaluation.tasks) {
      for (const u of t.units) {
        const r = u.report;
        // The same for each of the unit's rows: worked out once (a large group has tens of thousands).
        const status = r ? statusLabel(r.status) : "";
        const submittedAt = r ? r.submittedAt.toISOString() : null;
        if (r && evaluation === latest && (said(r.problems) || said(r.coordinationNeeded) || said(r.nextSteps))) {
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
          const judged = target ? t.targets.find((x) => x.target.id === target.id) : undefined;
          rows.push({
            taskKey: t.task.key,
            taskTitle: t.task.title,
            unitName: u.unit.name,
            metric: target?.metric ?? "",
            value: target && r ? (r.values.find((v) => v.targetId === target.id)?.value ?? null) : null,
            unitOfMeasure: target?.unitOfMeasure ?? "",
            targetValue: target?.targetValue ?? null,
            status,
            submittedAt,
            timeliness: u.timeliness,
            late: u.timeliness === "late",
            version: r?.version ?? null,
            corrected: u.corrected,
            completion: judged?.completion ?? null,
            pace: judged?.pace ?? null,
            light: judged?.light ?? t.light,
            progress: r?.progress ?? "",
            problems: r?.problems ?? "",
            nextSteps: r?.nextSteps ?? "",
            coordination: r?.coordinationNeeded ?? "",
          });
        }
      }
    }
  }

  const c = latest.counts;
  const content: DigestContent = {
    kind: period.cycle,
    group: { key: group.key, name: group.name },
    period: {
      id: formatPeriodId(period),
      label: periodLabel(period, locale),
      dueAt: (own.dueAt ?? at).toISOString(),
      startDate: periodFirstDay(period),
      endDate: periodLastDay(period),
    },
    builtAt: at.toISOString(),
    final: own.final && evaluations.every((e) => e.final),
    locale,
    headline: {
      tasks: latest.tasks.length,
      expected: c.expected,
      reported: c.reported,
      onTime: c.onTime,
      late: c.late,
      missing: c.missing,
      pending: c.pending,
      corrected: c.corrected,
      lights: { ...latest.lights },
    },
    missingUnits: [...missing.values()],
    tasks,
    notes,
    rows,
  };
  if (period.cycle !== "dekad") {
    content.timeliness = rankAcross(used).map((u) => ({
      rank: u.rank,
      unitName: u.unit.name,
      expected: u.expected,
      onTime: u.onTime,
      late: u.late,
      missing: u.missing,
      pending: u.pending,
      score: u.score,
    }));
  }
  if (period.cycle === "quarter") content.trends = trends(used, locale);
  return content;
}

/** The evaluation's instant as a local day (YYYY-MM-DD) in the group's timezone. */
function localDay(evaluation: GroupPeriodEvaluation): string {
  return localDateOf(evaluation.at, evaluation.group.timezone);
}

/** 季总结: each indicator's latest value at the end of each 旬 of the quarter. */
function trends(evaluations: readonly GroupPeriodEvaluation[], locale: Locale): NonNullable<DigestContent["trends"]> {
  const result: NonNullable<DigestContent["trends"]> = [];
  const first = evaluations[0];
  if (!first) return result;
  for (const t of first.tasks) {
    for (const target of t.targets) {
      result.push({
        taskKey: t.task.key,
        metric: target.target.metric,
        unitOfMeasure: target.target.unitOfMeasure,
        points: evaluations.map((e) => {
          const task = e.tasks.find((x) => x.task.taskId === t.task.taskId);
          const value = task?.targets.find((x) => x.target.id === target.target.id)?.value ?? null;
          const p = task?.period ?? e.period!;
          return { periodId: formatPeriodId(p), label: periodLabel(p, locale), value };
        }),
      });
    }
  }
  return result;
}
