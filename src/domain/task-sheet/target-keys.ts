import { normalizeInline } from "../report/normalize.js";
import { headerOf } from "./columns.js";
import { SHEET_MESSAGES as M } from "./messages.js";
import type { KeyedSheetTask, SheetIssue, SheetTask } from "./types.js";

/**
 * How import recognises a target again, so that an edited sheet updates targets in place:
 *
 * 1. the 指标编码 column, when the row has one (export always writes it);
 * 2. otherwise a stored target of the same task with the same 指标 text (ignoring width and
 *    whitespace), so a sheet typed by hand matches the targets loaded from the seed;
 * 3. otherwise a key derived from the 指标 text: `m-` and eight hex digits of its hash, the same
 *    every time for the same text. Changing the 指标 text of a row without 指标编码 therefore makes
 *    a new target (and removes the old one unless it has reports).
 */

/** The 指标 text as compared: width-folded, without whitespace. */
export function metricIdentity(metric: string): string {
  return normalizeInline(metric).replace(/\s+/g, "");
}

/** `m-` + FNV-1a (32 bit, over UTF-16 code units) of the metric's identity, e.g. `m-5d3f0a1c`. Stable everywhere. */
export function deriveTargetKey(metric: string): string {
  const identity = metricIdentity(metric);
  let hash = 0x811c9dc5;
  for (let i = 0; i < identity.length; i++) {
    hash ^= identity.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `m-${hash.toString(16).padStart(8, "0")}`;
}

/** Stored targets of the group's tasks: task key → its targets' keys and metrics. */
export type StoredTargets = ReadonlyMap<string, readonly { key: string; metric: string }[]>;

/** Gives every target of the sheet its key (see above); two targets of one task with the same key are an error. */
export function resolveTargetKeys(
  tasks: readonly SheetTask[],
  stored: StoredTargets,
): { ok: true; tasks: KeyedSheetTask[] } | { ok: false; errors: SheetIssue[] } {
  const errors: SheetIssue[] = [];
  const keyed = tasks.map((task): KeyedSheetTask => {
    const explicit = new Set(task.targets.flatMap((t) => (t.key === undefined ? [] : [t.key])));
    const byMetric = new Map<string, string>();
    for (const target of stored.get(task.key) ?? []) {
      const identity = metricIdentity(target.metric);
      if (!explicit.has(target.key) && !byMetric.has(identity)) byMetric.set(identity, target.key);
    }
    const rows = new Map<string, number>();
    const targets = task.targets.map((target) => {
      const key = target.key ?? byMetric.get(metricIdentity(target.metric)) ?? deriveTargetKey(target.metric);
      const earlier = rows.get(key);
      if (earlier !== undefined) {
        errors.push({ row: target.row, column: headerOf("metric"), message: M.duplicateTargetKey(key, earlier) });
      } else rows.set(key, target.row);
      return { ...target, key };
    });
    return { ...task, targets };
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tasks: keyed };
}
