import type { DigestContent } from "./digest-content.js";

/**
 * What changed between two versions of a period's digest, for the update posted after the first
 * (docs/message-style.md, "Digests"): who reported since, who corrected a report, which figures
 * moved, and the counts before and after. Pure; both versions are the stored DigestContent.
 */
export interface DigestChanges {
  /** Units whose first report of a task arrived since the previous version, in the digest's order. */
  reported: { unitName: string; taskKey: string; late: boolean }[];
  /** Units that sent a new version of a report already counted in the previous version. */
  corrected: { unitName: string; taskKey: string }[];
  /** Targets whose figure changed, in task order. */
  moved: { taskKey: string; metric: string; unitOfMeasure: string; before: number | null; after: number | null }[];
  headline: {
    before: { onTime: number; late: number; missing: number };
    after: { onTime: number; late: number; missing: number };
  };
}

interface UnitState {
  unitName: string;
  taskKey: string;
  submitted: boolean;
  version: number | null;
  late: boolean;
}

/** One entry per (task, unit): the digest's rows repeat a unit once per target. */
function unitStates(content: DigestContent): Map<string, UnitState> {
  const states = new Map<string, UnitState>();
  for (const row of content.rows) {
    const id = `${row.taskKey}\u0000${row.unitName}`;
    if (states.has(id)) continue;
    states.set(id, {
      unitName: row.unitName,
      taskKey: row.taskKey,
      submitted: row.submittedAt !== null,
      version: row.version,
      late: row.late,
    });
  }
  return states;
}

export function digestChanges(previous: DigestContent, next: DigestContent): DigestChanges {
  const before = unitStates(previous);
  const reported: DigestChanges["reported"] = [];
  const corrected: DigestChanges["corrected"] = [];
  for (const [id, now] of unitStates(next)) {
    if (!now.submitted) continue;
    const then = before.get(id);
    if (!then?.submitted) reported.push({ unitName: now.unitName, taskKey: now.taskKey, late: now.late });
    else if (now.version !== then.version) corrected.push({ unitName: now.unitName, taskKey: now.taskKey });
  }
  const previousFigures = new Map<string, number | null>();
  for (const task of previous.tasks) {
    for (const target of task.targets) previousFigures.set(`${task.key}\u0000${target.key}`, target.progress);
  }
  const moved: DigestChanges["moved"] = [];
  for (const task of next.tasks) {
    for (const target of task.targets) {
      const then = previousFigures.get(`${task.key}\u0000${target.key}`) ?? null;
      if (then === target.progress) continue;
      moved.push({
        taskKey: task.key,
        metric: target.metric,
        unitOfMeasure: target.unitOfMeasure,
        before: then,
        after: target.progress,
      });
    }
  }
  const counts = (c: DigestContent) => ({
    onTime: c.headline.onTime,
    late: c.headline.late,
    missing: c.headline.missing,
  });
  return { reported, corrected, moved, headline: { before: counts(previous), after: counts(next) } };
}
