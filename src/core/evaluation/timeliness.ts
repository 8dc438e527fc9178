import type { ReportAsOf, DutyCounts, Timeliness, UnitRef, UnitRow } from "./types.js";
import { RANKING_RULE } from "./types.js";

/**
 * A duty's timeliness, fixed by the first version: stored by the deadline = 按时, after it = 补报;
 * nothing stored = 未报 once the deadline has passed, 待报 before. Corrections never change it.
 */
export function timelinessOf(report: Pick<ReportAsOf, "firstSubmittedAt"> | null, dueAt: Date, at: Date): Timeliness {
  if (report) return report.firstSubmittedAt.getTime() <= dueAt.getTime() ? "on_time" : "late";
  return at.getTime() > dueAt.getTime() ? "missing" : "pending";
}

export function emptyCounts(): DutyCounts {
  return { expected: 0, reported: 0, onTime: 0, late: 0, missing: 0, pending: 0, corrected: 0 };
}

/** Adds one duty to counts. */
export function countDuty(counts: DutyCounts, timeliness: Timeliness, corrected: boolean): void {
  counts.expected += 1;
  if (timeliness === "on_time") counts.onTime += 1;
  else if (timeliness === "late") counts.late += 1;
  else counts[timeliness] += 1;
  if (timeliness === "on_time" || timeliness === "late") counts.reported += 1;
  if (corrected) counts.corrected += 1;
}

/** Adds counts into a total. */
export function addCounts(total: DutyCounts, more: DutyCounts): void {
  for (const key of Object.keys(total) as (keyof DutyCounts)[]) total[key] += more[key];
}

/** A unit's timeliness score (see {@link RANKING_RULE}); null when none of its duties was due yet. */
export function timelinessScore(c: DutyCounts): number | null {
  const due = c.onTime + c.late + c.missing;
  if (due === 0) return null;
  return (
    (c.onTime * RANKING_RULE.onTimeWeight + c.late * RANKING_RULE.lateWeight + c.missing * RANKING_RULE.missingWeight) /
    due
  );
}

/**
 * Every unit with duties, ranked by score, highest first, in competition ranking (1, 2, 2, 4): units
 * with the same score share a rank and the next rank skips. Units with no score yet come last,
 * sharing one rank. Within a rank, units are listed by name (拼音 order), which is not a rank.
 */
export function rankUnits(rows: readonly { unit: UnitRef; counts: DutyCounts }[]): UnitRow[] {
  const scored = rows.map(({ unit, counts }) => ({ unit, ...counts, score: timelinessScore(counts), rank: 0 }));
  scored.sort(
    (a, b) =>
      (b.score ?? -1) - (a.score ?? -1) ||
      a.unit.name.localeCompare(b.unit.name, "zh-CN") ||
      a.unit.key.localeCompare(b.unit.key),
  );
  scored.forEach((row, i) => {
    const previous = scored[i - 1];
    row.rank = previous && previous.score === row.score ? previous.rank : i + 1;
  });
  return scored;
}

/**
 * The ranking over several evaluations (a 月通报 or 季总结 ranks the units over every 旬 in it):
 * each unit's duties summed, then ranked by {@link rankUnits}.
 */
export function rankAcross(evaluations: readonly { units: readonly UnitRow[] }[]): UnitRow[] {
  const byUnit = new Map<string, { unit: UnitRef; counts: DutyCounts }>();
  for (const evaluation of evaluations) {
    for (const row of evaluation.units) {
      let entry = byUnit.get(row.unit.id);
      if (!entry) byUnit.set(row.unit.id, (entry = { unit: row.unit, counts: emptyCounts() }));
      const { unit: _unit, score: _score, rank: _rank, ...counts } = row;
      addCounts(entry.counts, counts);
    }
  }
  return rankUnits([...byUnit.values()]);
}
