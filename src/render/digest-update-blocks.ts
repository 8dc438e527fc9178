import type { Block, Outbound } from "../core/chat/outbound.js";
import type { DigestContent } from "../core/digest/digest-content.js";
import { digestChanges } from "../core/digest/digest-changes.js";
import { formatLocalInstant } from "../core/i18n/local-time.js";
import { DEFAULT_TIME_ZONE, digestT, digestTitle, type DigestRenderOptions } from "./digest-text.js";
import { formatNumber } from "./format.js";

/**
 * A digest posted again after a late report or a correction, as the channel reads it under the
 * first post: 更新, the title, and what changed since the version posted before (who reported,
 * who corrected, which figures moved, the counts then and now), not the whole digest again.
 */
export function digestUpdateToBlocks(
  previous: DigestContent,
  next: DigestContent,
  options: DigestRenderOptions = {},
): Outbound {
  const t = digestT(next);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const changes = digestChanges(previous, next);
  const title = t("update.title", { title: digestTitle(next, t, timeZone) });
  const list = t("list.separator");
  const blocks: Block[] = [
    { type: "heading", text: title },
    {
      type: "text",
      text: t("update.since", { at: formatLocalInstant(new Date(previous.builtAt), timeZone, next.locale) }),
    },
  ];

  const byUnit = <T extends { unitName: string; taskKey: string }>(entries: readonly T[], mark: (e: T) => string) => {
    const units = new Map<string, string[]>();
    for (const entry of entries)
      units.set(entry.unitName, [...(units.get(entry.unitName) ?? []), `${entry.taskKey}${mark(entry)}`]);
    return [...units].map(([unit, tasks]) => t("update.reportedLine", { unit, tasks: tasks.join(list) })).join("\n");
  };
  if (changes.reported.length > 0) {
    blocks.push({ type: "heading", text: t("update.reported") });
    blocks.push({ type: "text", text: byUnit(changes.reported, (e) => (e.late ? t("update.lateMark") : "")) });
  }
  if (changes.corrected.length > 0) {
    blocks.push({ type: "heading", text: t("update.corrected") });
    blocks.push({ type: "text", text: byUnit(changes.corrected, () => "") });
  }
  blocks.push({ type: "heading", text: t("update.moved") });
  const figure = (value: number | null, unit: string) =>
    value === null ? t("update.noValue") : `${formatNumber(value, next.locale)}${unit}`;
  blocks.push({
    type: "text",
    text:
      changes.moved.length === 0
        ? t("update.noneMoved")
        : changes.moved
            .map((m) =>
              t("update.movedLine", {
                task: m.taskKey,
                metric: m.metric,
                before: figure(m.before, m.unitOfMeasure),
                after: figure(m.after, m.unitOfMeasure),
              }),
            )
            .join("\n"),
  });
  const { before, after } = changes.headline;
  blocks.push({
    type: "text",
    text: t("update.headline", {
      ...after,
      onTimeBefore: before.onTime,
      lateBefore: before.late,
      missingBefore: before.missing,
    }),
  });
  return { blocks, summary: title };
}
