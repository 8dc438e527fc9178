import { formatPeriodId } from "../../domain/time/periods.js";
import type { GroupPeriodEvaluation } from "./types.js";

/**
 * An evaluation as plain JSON (ids, ISO instants, numbers): what `zhuanban status --json` prints and
 * what a web page or another process can read without the core's types. Every figure is copied from
 * the evaluation, none recomputed.
 */
export function evaluationToJson(evaluation: GroupPeriodEvaluation) {
  return {
    at: evaluation.at.toISOString(),
    period: evaluation.period ? formatPeriodId(evaluation.period) : null,
    dueAt: evaluation.dueAt?.toISOString() ?? null,
    final: evaluation.final,
    counts: evaluation.counts,
    lights: evaluation.lights,
    tasks: evaluation.tasks.map((t) => ({
      task: t.task.key,
      period: t.periodKey,
      dueAt: t.dueAt.toISOString(),
      judgedAt: t.judgedAt.toISOString(),
      light: t.light,
      units: t.units.map((u) => ({
        unit: u.unit.key,
        name: u.unit.name,
        timeliness: u.timeliness,
        corrected: u.corrected,
        version: u.report?.version ?? null,
        firstSubmittedAt: u.report?.firstSubmittedAt.toISOString() ?? null,
        submittedAt: u.report?.submittedAt.toISOString() ?? null,
      })),
      targets: t.targets.map((x) => ({
        target: x.target.key,
        kind: x.kind,
        direction: x.target.direction,
        value: x.value,
        targetValue: x.target.targetValue,
        completion: x.completion,
        pace: x.pace,
        met: x.met,
        light: x.light,
      })),
    })),
    units: evaluation.units.map((u) => ({
      unit: u.unit.key,
      name: u.unit.name,
      rank: u.rank,
      score: u.score,
      expected: u.expected,
      onTime: u.onTime,
      late: u.late,
      missing: u.missing,
      pending: u.pending,
      corrected: u.corrected,
    })),
  };
}
