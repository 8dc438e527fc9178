import type { Block, Outbound } from "../core/chat/outbound.js";
import type { DigestContent, DigestTask } from "../core/digest/digest-content.js";
import { chartAltText } from "./charts/alt-text.js";
import type { ChartData } from "../core/chat/chart-data.js";
import { digestCharts } from "./digest-charts.js";
import { percent } from "./format.js";
import { formatLocalInstant } from "../core/i18n/local-time.js";
import {
  DEFAULT_TIME_ZONE,
  digestT,
  digestTitle,
  formatDayRange,
  lightsSummary,
  NOTE_SECTIONS,
  notesFor,
  targetPhrase,
  taskPace,
  taskRatio,
  timelinessTable,
  trendTable,
  type DigestRenderOptions,
  type DigestT,
} from "./digest-text.js";

/**
 * The chat form of a digest: a heading, the headline counts, the units still missing by name, one
 * progress line per task (light against pace), problems, coordination requests and next steps
 * grouped by task, and the 月通报 timeliness ranking or the 季总结 trend table when present.
 */
export function digestToBlocks(content: DigestContent, options: DigestRenderOptions = {}): Outbound {
  const t = digestT(content);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const list = t("list.separator");
  const { headline } = content;
  const title = digestTitle(content, t, timeZone);
  const blocks: Block[] = [
    { type: "heading", text: title },
    {
      type: "fields",
      fields: [
        {
          label: t("headline.period"),
          value: formatDayRange(content.period.startDate, content.period.endDate, t, timeZone),
        },
        {
          label: t("headline.due"),
          value: formatLocalInstant(new Date(content.period.dueAt), timeZone, content.locale),
        },
        { label: t("headline.tasks"), value: String(headline.tasks) },
        { label: t("headline.expected"), value: String(headline.expected) },
        { label: t("headline.onTime"), value: String(headline.onTime) },
        { label: t("headline.late"), value: String(headline.late) },
        { label: t("headline.missing"), value: String(headline.missing) },
        ...(headline.pending > 0 ? [{ label: t("headline.pending"), value: String(headline.pending) }] : []),
        ...(headline.corrected > 0 ? [{ label: t("headline.corrected"), value: String(headline.corrected) }] : []),
        { label: t("headline.lights"), value: lightsSummary(content, t) },
      ],
    },
  ];
  const charts = digestCharts(content);
  const chart = (data: ChartData): Block => ({ type: "chart", chart: data, alt: chartAltText(data, content.locale) });
  // The picture of progress against pace; platforms with images send it with the digest.
  if (charts.progress) blocks.push(chart(charts.progress));
  blocks.push({ type: "heading", text: t("section.missing") });

  if (content.missingUnits.length === 0) blocks.push({ type: "text", text: t("missing.none") });
  else
    blocks.push({
      type: "fields",
      fields: content.missingUnits.map((unit) => ({
        label: unit.name,
        value: t("missing.tasks", { tasks: unit.tasks.join(list) }),
      })),
    });

  if (content.tasks.length > 0) {
    blocks.push({ type: "heading", text: t("section.progress") });
    for (const task of content.tasks) blocks.push(taskProgress(task, content, t));
  }

  for (const section of NOTE_SECTIONS) {
    const notes = notesFor(content, section.field, t);
    if (notes.length === 0) continue;
    blocks.push(
      { type: "heading", text: t(section.heading) },
      { type: "fields", fields: notes.map((note) => ({ label: note.label, value: note.text })) },
    );
  }

  const ranking = timelinessTable(content, t);
  if (ranking) {
    blocks.push(
      { type: "heading", text: t("section.timeliness") },
      { type: "table", columns: ranking.columns, rows: ranking.rows },
    );
    if (ranking.note) blocks.push({ type: "text", text: ranking.note });
  }
  if (charts.ranking) blocks.push(chart(charts.ranking));
  const trends = trendTable(content, t);
  if (trends) {
    blocks.push(
      { type: "heading", text: t("section.trends") },
      { type: "table", columns: trends.columns, rows: trends.rows },
    );
  }

  const summary = t("digest.summary", {
    title,
    expected: headline.expected,
    onTime: headline.onTime,
    late: headline.late,
    missing: headline.missing,
  });
  return { blocks, summary };
}

function taskProgress(task: DigestTask, content: DigestContent, t: DigestT): Block {
  const list = t("list.separator");
  const pace = taskPace(task);
  const parts: string[] = [];
  if (task.targets.length === 0) parts.push(t("progress.noTargets"));
  else parts.push(...task.targets.map((target) => targetPhrase(target, t, content.locale)));
  if (task.leadUnits.length > 0) parts.push(t("progress.lead", { units: task.leadUnits.join(list) }));
  if (task.missingUnits.length > 0) parts.push(t("progress.missingUnits", { units: task.missingUnits.join(list) }));
  const detail =
    (pace === null ? "" : t("progress.pace", { pace: percent(pace) })) + parts.join(t("progress.separator"));
  return { type: "progress", label: `${task.key} ${task.title}`, ratio: taskRatio(task), light: task.light, detail };
}
