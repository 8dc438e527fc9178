// One plan item -> its outbox rows: who receives it, what it says, and its unique key.

import type { Period } from "../../domain/time/periods.js";
import { digestToBlocks } from "../../render/digest-blocks.js";
import { PeriodRefusedError, summarize, type SummaryDeps } from "../digest/summary.js";
import type { DigestContent } from "../digest/digest-content.js";
import { LOCALES, type Locale } from "../i18n/catalog.js";
import { taskRunsIn, type PlanItem } from "../plan/plan-at.js";
import type { GroupPlanInput } from "../plan/ports.js";
import type { PeriodRow } from "../reports/ports.js";
import type { GroupTask } from "../status/ports.js";
import { reportingCycle } from "../schedule.js";
import { escalationMessage, reminderMessage, type MissingUnit } from "./outbox-messages.js";
import { reportedKey, type BoundChannel, type OutboxRow, type OutboxWriter, type Recipient } from "./ports.js";

/** A plan item with what was loaded for it when the tick ran. */
export interface ItemContext {
  item: PlanItem;
  input: GroupPlanInput;
  /** The item's period, and its stored row (id and due instant). */
  period: { period: Period; row: PeriodRow };
  now: Date;
  /** The deployment's locale, for contacts without their own and for digests. */
  locale: Locale;
  /** {@link reportedKey}s of the current reports in the tick's periods. */
  reported: ReadonlySet<string>;
}

/** Why an item gave no row. */
export type SkipReason = "reported" | "noRecipient" | "noneMissing" | "outsidePlan";

export interface ItemRows {
  rows: OutboxRow[];
  skipped?: SkipReason;
}

/**
 * `${periodId}|${taskId ?? "group"}|${unitId ?? "-"}|${recipientKey}|${stage}`; a unit's reminder
 * (all its tasks in one message) is `${periodId}|unit|${unitId}|…`.
 */
export function outboxKey(parts: {
  periodId: string;
  taskId: string | null;
  unitId: string | null;
  recipient: { contactId: string; platform: string } | { channelId: string };
  stage: string;
}): string {
  const recipient =
    "channelId" in parts.recipient
      ? `channel:${parts.recipient.channelId}`
      : `contact:${parts.recipient.contactId}@${parts.recipient.platform}`;
  const about = parts.taskId ?? (parts.unitId ? "unit" : "group");
  return [parts.periodId, about, parts.unitId ?? "-", recipient, parts.stage].join("|");
}

/**
 * The group's tasks by id, made once per input: a busy tick has a reminder for each of 20,000
 * (task, unit) pairs, and finding each task in a list of 4,000 was most of the tick's work. Kept
 * per tasks array: the PlanStore keeps its arrays (frozen) between ticks while nothing changed.
 */
const taskMaps = new WeakMap<GroupPlanInput["tasks"], Map<string, GroupTask>>();
function tasksById(input: GroupPlanInput): Map<string, GroupTask> {
  let map = taskMaps.get(input.tasks);
  if (!map || map.size !== input.tasks.length) {
    map = new Map(input.tasks.map((task) => [task.taskId, task]));
    taskMaps.set(input.tasks, map);
  }
  return map;
}

/**
 * The reminders or chases of one lead unit at one stage of one period (plan items that differ only
 * in their task): one row per direct address of the unit's contacts, listing every task the unit
 * has not reported on, so a unit with two tasks gets one message, not two. Its key names the unit,
 * not a task, so a later tick at the same stage (one task reported meanwhile) adds nothing. The
 * row keeps the task when there is only one, so a reply to it reports on that task.
 */
export function unitReminderRows(ctxs: readonly ItemContext[], recipients: readonly Recipient[]): UnitItemRows {
  const first = ctxs[0];
  if (!first) return { rows: [], reported: 0 };
  const { item, input, period } = first;
  const byId = tasksById(input);
  const tasks: GroupTask[] = [];
  let unit: { id: string; name: string } | undefined;
  let reported = 0;
  for (const ctx of ctxs) {
    const task = byId.get(ctx.item.taskId ?? "");
    const lead = task?.leadUnits.find((u) => u.id === ctx.item.unitId);
    if (!task || !lead) continue;
    unit = lead;
    if (ctx.reported.has(reportedKey(period.row.id, task.taskId, lead.id))) reported += 1;
    else if (!tasks.some((t) => t.taskId === task.taskId)) tasks.push(task);
  }
  if (!unit || tasks.length === 0) return { rows: [], reported };
  if (recipients.length === 0) return { rows: [], reported, skipped: "noRecipient" };
  const subject = unit;
  const payload = byLocale(first.locale, (locale) =>
    reminderMessage(
      {
        kind: item.kind === "chase" ? "chase" : "reminder",
        unit: subject,
        tasks,
        period: period.period,
        dueAt: period.row.dueAt,
        timezone: input.group.timezone,
        at: item.kind === "chase" ? first.now : item.at,
      },
      locale,
    ),
  );
  const taskId = tasks.length === 1 ? tasks[0]!.taskId : null;
  return {
    reported,
    tasks: tasks.length,
    rows: recipients.map((r) => ({
      ...contactRow(first, r, payload(r.locale), { taskId: null, unitId: subject.id }),
      taskId,
    })),
  };
}

/** What {@link unitReminderRows} made: rows, how many tasks were already reported, why none. */
export interface UnitItemRows {
  rows: OutboxRow[];
  /** Tasks the unit had reported on (no reminder for them). */
  reported: number;
  /** Tasks in the message. */
  tasks?: number;
  skipped?: "noRecipient";
}

/** Plan items for the same unit, stage and period together (reminders and chases), in plan order. */
export function byUnitAndStage<T extends { item: PlanItem }>(ctxs: readonly T[]): T[][] {
  const buckets = new Map<string, T[]>();
  for (const ctx of ctxs) {
    const { item } = ctx;
    const key = [item.groupId, item.period, item.unitId, item.kind, item.stage].join("|");
    const bucket = buckets.get(key);
    if (bucket) bucket.push(ctx);
    else buckets.set(key, [ctx]);
  }
  return [...buckets.values()];
}

/** An escalation: one row per direct address of the convenor, deputy and office, unless nobody is missing. */
export function escalationRows(ctx: ItemContext, recipients: readonly Recipient[]): ItemRows {
  const missing = missingUnits(ctx);
  if (missing.length === 0) return { rows: [], skipped: "noneMissing" };
  if (recipients.length === 0) return { rows: [], skipped: "noRecipient" };
  const { input, period } = ctx;
  const payload = byLocale(ctx.locale, (locale) =>
    escalationMessage(
      {
        group: input.group,
        period: period.period,
        dueAt: period.row.dueAt,
        now: ctx.now,
        timezone: input.group.timezone,
      },
      missing,
      locale,
    ),
  );
  return { rows: recipients.map((r) => contactRow(ctx, r, payload(r.locale), { taskId: null, unitId: null })) };
}

/**
 * A digest: one row per bound group chat. It is built when the tick runs (`summarize` stores it as
 * the period's next Digest version), and not built at all when every channel already has its row.
 */
export async function digestRows(
  ctx: ItemContext,
  channels: readonly BoundChannel[],
  deps: SummaryDeps & { outbox: OutboxWriter },
): Promise<ItemRows> {
  const { item, input, period } = ctx;
  if (channels.length === 0) return { rows: [], skipped: "noRecipient" };
  const keyed = channels.map((channel) => ({
    channel,
    key: outboxKey({
      periodId: period.row.id,
      taskId: null,
      unitId: null,
      recipient: { channelId: channel.id },
      stage: item.stage,
    }),
  }));
  const existing = await deps.outbox.existingKeys(keyed.map((x) => x.key));
  const fresh = keyed.filter((x) => !existing.has(x.key));
  if (fresh.length === 0) return { rows: [] };
  let content: DigestContent;
  try {
    ({ content } = await summarize(deps, input.group, { period: period.period }, ctx.now, ctx.locale));
  } catch (error) {
    // A period before the plan or after every task ended has nothing to digest.
    if (error instanceof PeriodRefusedError) return { rows: [], skipped: "outsidePlan" };
    throw error;
  }
  const payload = digestToBlocks(content, { timeZone: input.group.timezone });
  return {
    rows: fresh.map(({ channel, key }) => ({
      ...rowBase(ctx),
      dedupeKey: key,
      taskId: null,
      unitId: null,
      recipientContactId: null,
      recipientChannelId: channel.id,
      platform: channel.platform,
      address: channel.chatId,
      payload,
    })),
  };
}

function rowBase({ item, period }: ItemContext) {
  return {
    kind: item.kind,
    stage: item.stage,
    groupId: item.groupId,
    periodId: period.row.id,
    // Late items (catch-up) keep the instant they were planned for; the dispatcher sends them at once.
    dueAt: item.at,
    nextAttemptAt: item.at,
  };
}

function contactRow(
  ctx: ItemContext,
  r: Recipient,
  payload: OutboxRow["payload"],
  about: { taskId: string | null; unitId: string | null },
): OutboxRow {
  return {
    ...rowBase(ctx),
    ...about,
    dedupeKey: outboxKey({ periodId: ctx.period.row.id, ...about, recipient: r, stage: ctx.item.stage }),
    recipientContactId: r.contactId,
    recipientChannelId: null,
    platform: r.platform,
    address: r.address,
    payload,
  };
}

/** Builds a message once per locale asked for; a contact's unknown or missing locale means the fallback. */
function byLocale<M>(fallback: Locale, build: (locale: Locale) => M) {
  const cache = new Map<Locale, M>();
  return (wanted: string | null): M => {
    const locale = (LOCALES as readonly string[]).includes(wanted ?? "") ? (wanted as Locale) : fallback;
    const message = cache.get(locale) ?? build(locale);
    cache.set(locale, message);
    return message;
  };
}

/**
 * The lead units owing a report for the escalation's period (tasks on its cycle that run during it,
 * as `planAt` counts them) with no current report now, each with its missing tasks, in the group's
 * task order.
 */
function missingUnits({ item, input, period, reported }: ItemContext): MissingUnit[] {
  const byUnit = new Map<string, MissingUnit>();
  for (const task of input.tasks) {
    if (reportingCycle(task.cycles, input.settings) !== item.cycle || !taskRunsIn(task, period.period)) continue;
    for (const unit of task.leadUnits) {
      if (reported.has(reportedKey(period.row.id, task.taskId, unit.id))) continue;
      const entry = byUnit.get(unit.id) ?? { name: unit.name, tasks: [] };
      entry.tasks.push(task.key);
      byUnit.set(unit.id, entry);
    }
  }
  return [...byUnit.values()];
}
