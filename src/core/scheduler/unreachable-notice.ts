import type { Platform } from "../chat/inbound.js";
import { translator, type Locale } from "../i18n/catalog.js";
import { schedulerMessages } from "../i18n/messages/scheduler.js";
import type { OutboxRow, OutboxWriter, SchedulerStore } from "./ports.js";

/** The undeliverable message, as far as the notice needs it. */
export interface UndeliverableRow {
  groupId: string;
  platform: Platform;
  address: string;
  taskId: string | null;
  unitId: string | null;
  recipientContactId?: string | null;
  recipientChannelId?: string | null;
}

/**
 * Tells the group's convenor, deputy and office that a recipient cannot be reached (blocked the
 * bot, left the workspace), once: the notice goes through the outbox with a key per recipient, day
 * of detection and office member, so a second process finding the same outage adds nothing.
 * The notice names the contact and unit (or the group chat) and says what the office can do; the
 * platform's own error text (English) is for the log only, and is not shown.
 */
export async function noticeUnreachable(
  row: UndeliverableRow,
  deps: { scheduler: SchedulerStore; outbox: OutboxWriter; locale: Locale; now: Date },
): Promise<number> {
  const leaders = (await deps.scheduler.groupLeaders([row.groupId])).get(row.groupId) ?? [];
  const day = deps.now.toISOString().slice(0, 10);
  const who = await deps.scheduler.describeRecipient({
    contactId: row.recipientContactId ?? null,
    channelId: row.recipientChannelId ?? null,
  });
  const rows: OutboxRow[] = leaders
    // Never notify an unreachable recipient about itself.
    .filter((leader) => !(leader.platform === row.platform && leader.address === row.address))
    .map((leader) => {
      const locale: Locale = leader.locale === "en" ? "en" : leader.locale === "zh-CN" ? "zh-CN" : deps.locale;
      const t = translator(schedulerMessages, locale);
      const platform = t(`platform.${row.platform}`);
      const title = t("unreachable.title");
      const body = who.group
        ? t("unreachable.channel", { platform, group: who.group })
        : t("unreachable.contact", {
            platform,
            contact: who.contact ?? t("unreachable.someone"),
            units: who.units.length > 0 ? who.units.join(t("list.separator")) : t("unreachable.noUnit"),
            phone: who.phone ? t("unreachable.phone", { phone: who.phone }) : "",
          });
      return {
        dedupeKey: `unreachable|${row.platform}|${row.address}|${day}|contact:${leader.contactId}@${leader.platform}`,
        kind: "notice",
        stage: "unreachable",
        groupId: row.groupId,
        periodId: null,
        taskId: row.taskId,
        unitId: row.unitId,
        recipientContactId: leader.contactId,
        recipientChannelId: null,
        platform: leader.platform,
        address: leader.address,
        payload: {
          blocks: [
            { type: "heading", text: title },
            { type: "text", text: body },
          ],
          summary: title,
        },
        dueAt: deps.now,
        nextAttemptAt: deps.now,
      };
    });
  return deps.outbox.enqueue(rows);
}
