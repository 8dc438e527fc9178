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

/** `${periodId}|${taskId ?? "group"}|${unitId ?? "-"}|${recipientKey}|${stage}`. */
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
  return [parts.periodId, parts.taskId ?? "group", parts.unitId ?? "-", recipient, parts.stage].join("|");
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

/** A reminder or chase: one row per direct address of the lead unit's contacts, unless the unit has reported. */
export function reminderRows(ctx: ItemContext, recipients: readonly Recipient[]): ItemRows {
  const { item, input, period } = ctx;
  const task = tasksById(input).get(item.taskId ?? "");
  const unit = task?.leadUnits.find((u) => u.id === item.unitId);
  if (!task || !unit) return { rows: [] };
  if (ctx.reported.has(reportedKey(period.row.id, task.taskId, unit.id))) return { rows: [], skipped: "reported" };
  if (recipients.length === 0) return { rows: [], skipped: "noRecipient" };
  const payload = byLocale(ctx.locale, (locale) =>
    reminderMessage(
      {
        kind: item.kind === "chase" ? "chase" : "reminder",
        task,
        unit,
        period: period.period,
        periodKey: item.period,
        dueAt: period.row.dueAt,
        timezone: input.group.timezone,
      },
      locale,
    ),
  );
  return {
    rows: recipients.map((r) => contactRow(ctx, r, payload(r.locale), { taskId: task.taskId, unitId: unit.id })),
  };
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
