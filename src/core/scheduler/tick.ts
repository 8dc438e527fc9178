// The scheduler's tick: what fell due since the last tick becomes outbox rows, written before
// anything is sent (docs/design.md, "Reliability invariants"). The dispatcher sends them.

import type { WorkCalendar } from "../../domain/time/calendar.js";
import { parsePeriodId, periodStartEnd, type Period } from "../../domain/time/periods.js";
import type { SummaryDeps } from "../digest/summary.js";
import type { Locale } from "../i18n/catalog.js";
import { planAt, type PlanItem } from "../plan/plan-at.js";
import type { PlanStore } from "../plan/ports.js";
import type { PeriodRow } from "../reports/ports.js";
import { catchUp, dueItems, type TickWindow } from "./catch-up.js";
import { enqueueDigestUpdates } from "./digest-updates.js";
import {
  byUnitAndStage,
  digestRows,
  escalationRows,
  unitReminderRows,
  type ItemContext,
  type ItemRows,
} from "./item-rows.js";
import type { OutboxRow, OutboxWriter, SchedulerStore } from "./ports.js";

export { catchUp, DEFAULT_MAX_CATCH_UP_MS, type TickWindow, type WindowStart } from "./catch-up.js";
export { outboxKey } from "./item-rows.js";

/** Structured log lines (pino's signature). */
export interface SchedulerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface SchedulerDeps extends SummaryDeps {
  plan: PlanStore;
  calendar: WorkCalendar;
  scheduler: SchedulerStore;
  outbox: OutboxWriter;
  /** The deployment's locale: for contacts without one of their own, and for digests. */
  locale: Locale;
  log?: SchedulerLog;
  /** Default `DEFAULT_MAX_CATCH_UP_MS` (31 days). */
  maxCatchUpMs?: number;
}

/** What a tick did, for logs and metrics. */
export interface TickResult {
  from: Date;
  to: Date;
  /** Plan items in the window. */
  planned: number;
  /** Rows offered to the outbox, and how many of them were new (the rest were already there). */
  rows: number;
  enqueued: number;
  skipped: {
    /** Reminders whose deadline had passed by the time the tick ran (catch-up after downtime). */
    stale: number;
    /** Reminders for the same task, unit and period as a later reminder in the same window. */
    superseded: number;
    /** Reminders and chases for a unit that has reported. */
    reported: number;
    /** Items with nobody to send to (no bound identity with a direct chat, no bound channel). */
    noRecipient: number;
    /** Escalations with every unit reported. */
    noneMissing: number;
    /** Digests of a period outside the group's plan (before it starts, after every task ends). */
    outsidePlan: number;
  };
  /** Items that failed (logged); the window is planned again on the next tick. */
  failed: number;
}

/**
 * One scheduled tick at `now`: reads where the last one ended, plans the window since (see
 * {@link catchUp}), enqueues, and records the new end. When an item failed the end is not moved,
 * so the next tick plans the same stretch again; rows already written are not written twice.
 */
export async function runSchedulerTick(now: Date, deps: SchedulerDeps): Promise<TickResult> {
  const last = await deps.scheduler.lastTick();
  const window = catchUp(last, now, deps.maxCatchUpMs);
  if (window.start === "capped" || window.start === "clock_back") {
    deps.log?.warn(
      { lastTick: last?.toISOString(), from: window.from.toISOString(), now: now.toISOString(), start: window.start },
      window.start === "capped"
        ? "scheduler catch-up window cut short"
        : "clock is behind the last tick; starting afresh",
    );
  }
  const result = await schedulerTick(window, deps);
  try {
    result.enqueued += await enqueueDigestUpdates(now, deps);
  } catch (error) {
    // Not a failure of the window: the digest stays stale, so the next tick tries again anyway.
    deps.log?.error({ err: error }, "digest update failed");
  }
  if (result.failed === 0) {
    await deps.scheduler.recordTick(window.to, {
      from: window.from.toISOString(),
      planned: result.planned,
      enqueued: result.enqueued,
    });
  }
  return result;
}

/**
 * Plans [`from`, `to`) (the plan store's groups and `planAt`, as `planWindow` does, keeping the
 * groups' tasks for the messages), applies the catch-up rules at `now` (`dueItems`), and enqueues
 * one outbox row per item and recipient:
 * - reminder, chase: one message per lead unit and stage listing the tasks it still owes, to every
 *   active contact of the unit, on each platform where the contact has a bound identity with a
 *   direct chat; a task the unit has a current report on for the period is left out, and a unit
 *   that owes nothing gets nothing;
 * - escalation: the group's convenor, deputy and office contacts, listing the units still missing
 *   when the tick runs; nothing when none is;
 * - digest: built (and stored as a new Digest version by `summarize`) when the tick runs, and posted
 *   to each bound group chat; not built again when every channel already has its row.
 * An item that throws is logged and counted in `failed`; the others are still enqueued.
 */
export async function schedulerTick(window: TickWindow, deps: SchedulerDeps): Promise<TickResult> {
  const inputs = await deps.plan.groupsWithSettings();
  const items = planAt({ groups: inputs, calendar: deps.calendar, from: window.from, to: window.to });
  const { live, stale, superseded } = dueItems(items, window.now);
  const result: TickResult = {
    from: window.from,
    to: window.to,
    planned: items.length,
    rows: 0,
    enqueued: 0,
    skipped: { stale, superseded, reported: 0, noRecipient: 0, noneMissing: 0, outsidePlan: 0 },
    failed: 0,
  };
  if (live.length === 0) return result;

  const groups = new Map(inputs.map((input) => [input.group.id, input]));
  const periods = new Map<string, { period: Period; row: PeriodRow }>();
  for (const item of live) {
    const key = `${item.groupId}|${item.period}`;
    if (periods.has(key)) continue;
    const period = parsePeriodId(item.period);
    const { start, end } = periodStartEnd(period, groups.get(item.groupId)!.group.timezone);
    const row = await deps.reports.ensurePeriod({
      groupId: item.groupId,
      cycle: item.cycle,
      periodKey: item.period,
      startsAt: start,
      endsAt: end,
      dueAt: item.dueAt,
    });
    periods.set(key, { period, row });
  }

  const idsOf = (kinds: readonly PlanItem["kind"][], pick: (item: PlanItem) => string | undefined) => [
    ...new Set(live.filter((item) => kinds.includes(item.kind)).flatMap((item) => pick(item) ?? [])),
  ];
  const [reported, unitRecipients, leaders, channels] = await Promise.all([
    deps.scheduler.reportedKeys([...periods.values()].map((p) => p.row.id)),
    deps.scheduler.unitRecipients(idsOf(["reminder", "chase"], (item) => item.unitId)),
    deps.scheduler.groupLeaders(idsOf(["escalation"], (item) => item.groupId)),
    deps.scheduler.boundChannels(idsOf(["digest"], (item) => item.groupId)),
  ]);

  const rows: OutboxRow[] = [];
  const contextOf = (item: PlanItem): ItemContext => ({
    item,
    input: groups.get(item.groupId)!,
    period: periods.get(`${item.groupId}|${item.period}`)!,
    now: window.now,
    locale: deps.locale,
    reported,
  });
  const failed = (error: unknown, item: PlanItem) => {
    result.failed += 1;
    deps.log?.error(
      { err: error, kind: item.kind, stage: item.stage, group: item.group, period: item.period, task: item.task },
      "scheduler item failed",
    );
  };
  // Reminders and chases: one message per lead unit and stage, listing the tasks it owes.
  const unitItems = live.filter((item) => item.kind === "reminder" || item.kind === "chase").map(contextOf);
  for (const bucket of byUnitAndStage(unitItems)) {
    const { item } = bucket[0]!;
    try {
      const outcome = unitReminderRows(bucket, unitRecipients.get(item.unitId ?? "") ?? []);
      rows.push(...outcome.rows);
      result.skipped.reported += outcome.reported;
      if (outcome.skipped) result.skipped.noRecipient += outcome.tasks ?? bucket.length - outcome.reported;
    } catch (error) {
      failed(error, item);
    }
  }
  for (const item of live) {
    if (item.kind === "reminder" || item.kind === "chase") continue;
    const ctx = contextOf(item);
    try {
      let outcome: ItemRows;
      if (item.kind === "escalation") {
        outcome = escalationRows(ctx, leaders.get(item.groupId) ?? []);
      } else {
        outcome = await digestRows(ctx, channels.get(item.groupId) ?? [], deps);
      }
      rows.push(...outcome.rows);
      if (outcome.skipped) result.skipped[outcome.skipped] += 1;
    } catch (error) {
      failed(error, item);
    }
  }

  result.rows = rows.length;
  result.enqueued = rows.length > 0 ? await deps.outbox.enqueue(rows) : 0;
  return result;
}

/** A tick's result as log fields (counts and the window; no message text). */
export function tickLogFields(result: TickResult): Record<string, string | number> {
  return {
    from: result.from.toISOString(),
    to: result.to.toISOString(),
    planned: result.planned,
    rows: result.rows,
    enqueued: result.enqueued,
    failed: result.failed,
    ...Object.fromEntries(Object.entries(result.skipped).map(([reason, n]) => [`skipped.${reason}`, n])),
  };
}
