// Later versions of a posted digest. A report that arrives after a period's digest went to a channel
// (a late report, a correction) makes the digest out of date; each tick finds such periods and posts
// what changed since to the channels that have the first one, which the dispatcher threads under that
// first post on platforms with threads (Slack). A sweep rather than a hook on report intake, so a
// crash between a report and its digest update loses nothing.

import { digestToBlocks } from "../../render/digest-blocks.js";
import { digestUpdateToBlocks } from "../../render/digest-update-blocks.js";
import { parsePeriodId } from "../../domain/time/periods.js";
import { PeriodRefusedError, summarize, type SummaryDeps } from "../digest/summary.js";
import type { DigestContent } from "../digest/digest-content.js";
import type { Locale } from "../i18n/catalog.js";
import { outboxKey } from "./item-rows.js";
import type { OutboxRow, OutboxWriter } from "./ports.js";

export interface DigestUpdateDeps extends SummaryDeps {
  outbox: OutboxWriter;
  locale: Locale;
}

/** Enqueues the updated digest for every out-of-date channel; returns how many rows were new. */
export async function enqueueDigestUpdates(now: Date, deps: DigestUpdateDeps): Promise<number> {
  const stale = await deps.digests.staleDigestPosts();
  if (stale.length === 0) return 0;
  // The update is named after the newest report, so every process and every tick agree on its key.
  const keyed = stale.map((post) => ({
    post,
    key: outboxKey({
      periodId: post.periodId,
      taskId: null,
      unitId: null,
      recipient: { channelId: post.channelId },
      stage: `digest-update:${post.newestReportId}`,
    }),
  }));
  const existing = await deps.outbox.existingKeys(keyed.map((x) => x.key));
  const byPeriod = new Map<string, typeof keyed>();
  for (const entry of keyed) {
    if (existing.has(entry.key)) continue;
    const id = `${entry.post.groupId}|${entry.post.periodId}`;
    byPeriod.set(id, [...(byPeriod.get(id) ?? []), entry]);
  }
  const rows: OutboxRow[] = [];
  for (const entries of byPeriod.values()) {
    const first = entries[0]!.post;
    const group = await deps.status.findGroup(first.groupKey);
    if (!group) continue;
    let content: DigestContent;
    try {
      ({ content } = await summarize(deps, group, { period: parsePeriodId(first.periodKey) }, now, deps.locale));
    } catch (error) {
      if (error instanceof PeriodRefusedError) continue;
      throw error;
    }
    const full = digestToBlocks(content, { timeZone: group.timezone });
    for (const { post, key } of entries) {
      // Under the post the channel already has, say 更新 and what changed since it (who reported,
      // which figures moved); the whole digest only where the earlier version cannot be read.
      const previous = await deps.digests.postedContent(post.channelId, post.periodId);
      const payload = previous ? digestUpdateToBlocks(previous, content, { timeZone: group.timezone }) : full;
      rows.push({
        dedupeKey: key,
        kind: "digest",
        stage: "digest-update",
        groupId: post.groupId,
        periodId: post.periodId,
        taskId: null,
        unitId: null,
        recipientContactId: null,
        recipientChannelId: post.channelId,
        platform: post.platform,
        address: post.chatId,
        payload,
        dueAt: now,
        nextAttemptAt: now,
      });
    }
  }
  return rows.length > 0 ? deps.outbox.enqueue(rows) : 0;
}
