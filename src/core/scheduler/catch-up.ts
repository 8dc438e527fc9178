// Where a tick's window starts, and what of a long window (a restart after downtime) is still worth
// sending. Pure.

import type { PlanItem } from "../plan/plan-at.js";

const DAY_MS = 86_400_000;

/**
 * How far back a restart catches up at most. Longer outages drop what fell due before (and say so
 * in the log): a month-old chase helps nobody.
 */
export const DEFAULT_MAX_CATCH_UP_MS = 31 * DAY_MS;

/** A tick's window [`from`, `to`) and the instant it runs at (`to` is normally just after `now`). */
export interface TickWindow {
  from: Date;
  to: Date;
  now: Date;
}

/** Why a window starts where it does. */
export type WindowStart = "first" | "continue" | "capped" | "clock_back";

/**
 * The window of a tick at `now`, given the end of the last window: everything due after the last
 * window and up to `now` inclusive. First start ever (no last tick): only `now` itself, so history
 * is not replayed. A last tick more than `maxCatchUpMs` ago is cut to that; a last tick ahead of
 * `now` (a simulated clock started again from an earlier instant) starts afresh at `now`.
 */
export function catchUp(
  lastTickAt: Date | null,
  now: Date,
  maxCatchUpMs = DEFAULT_MAX_CATCH_UP_MS,
): TickWindow & { start: WindowStart } {
  const to = new Date(now.getTime() + 1);
  if (lastTickAt === null) return { from: now, to, now, start: "first" };
  if (lastTickAt.getTime() > to.getTime()) return { from: now, to, now, start: "clock_back" };
  if (to.getTime() - lastTickAt.getTime() > maxCatchUpMs) {
    return { from: new Date(to.getTime() - maxCatchUpMs), to, now, start: "capped" };
  }
  return { from: lastTickAt, to, now, start: "continue" };
}

/**
 * The catch-up rules by kind, applied at the instant the tick runs: a reminder announces a deadline
 * still ahead, so one whose deadline has passed is dropped (`stale`); of several reminders for the
 * same task, unit and period in one window only the latest is kept (`superseded`). Chases,
 * escalations and digests are kept however late; their outbox key makes them go out once. In a
 * tick of a minute none of this changes anything: a reminder is never planned after its deadline.
 */
export function dueItems(
  items: readonly PlanItem[],
  now: Date,
): { live: PlanItem[]; stale: number; superseded: number } {
  const nowMs = now.getTime();
  // A (task, unit) pair can have two reminders in a window only when the window holds two reminder
  // steps of one period: pairs are looked for in those periods only. A busy minute has 20,000
  // reminders of a single step, and a key per item would cost more than the rest of the tick.
  const stagesOf = new Map<string, Map<string, { stage: string | null }>>();
  let last: { item: PlanItem; entry: { stage: string | null } } | null = null;
  let severalAnywhere = false;
  for (const item of items) {
    if (item.kind !== "reminder") continue;
    let entry: { stage: string | null } | undefined;
    if (last && last.item.groupId === item.groupId && last.item.period === item.period) {
      entry = last.entry;
    } else {
      const byPeriod = stagesOf.get(item.groupId) ?? new Map<string, { stage: string | null }>();
      stagesOf.set(item.groupId, byPeriod);
      entry = byPeriod.get(item.period) ?? { stage: item.stage };
      byPeriod.set(item.period, entry);
      last = { item, entry };
    }
    if (entry.stage !== null && entry.stage !== item.stage) {
      entry.stage = null;
      severalAnywhere = true;
    }
  }
  const severalSteps = (item: PlanItem) =>
    severalAnywhere && stagesOf.get(item.groupId)?.get(item.period)?.stage === null;
  const pairOf = (item: PlanItem) => `${item.groupId}|${item.period}|${item.taskId}|${item.unitId}`;
  const latestReminder = new Map<string, PlanItem>();
  if (severalAnywhere) {
    for (const item of items)
      if (item.kind === "reminder" && severalSteps(item)) latestReminder.set(pairOf(item), item);
  }
  let stale = 0;
  let superseded = 0;
  const live = items.filter((item) => {
    if (item.kind !== "reminder") return true;
    if (item.dueAt.getTime() <= nowMs) {
      stale += 1;
      return false;
    }
    if (severalSteps(item) && latestReminder.get(pairOf(item)) !== item) {
      superseded += 1;
      return false;
    }
    return true;
  });
  return { live, stale, superseded };
}
