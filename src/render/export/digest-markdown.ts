import type { DigestContent } from "../../core/digest/digest-content.js";
import { digestT, type DigestT } from "../digest-text.js";
import { escapeMarkdown } from "../escape.js";
import { markdownParagraphs, markdownTable } from "../markdown.js";
import { oneLine } from "../plain-text.js";
import { buildBriefing, type BriefingChart, type BriefingOptions, type BriefingPart } from "./briefing.js";

export interface MarkdownOptions extends BriefingOptions {
  /**
   * The base name of the chart files written beside the Markdown (`minsheng-2023-01-X2` gives
   * `minsheng-2023-01-X2-progress.svg`); the text shows each chart as an image of that file. Without
   * it, each chart is its alt text.
   */
  chartFileBase?: string;
}

/** The file a chart of a Markdown briefing is written to, beside the .md. */
export function chartFileName(base: string, chart: BriefingChart): string {
  return `${base}-${chart.name}.svg`;
}

/** The charts of a digest's briefing, for writing them beside its Markdown. */
export function briefingCharts(content: DigestContent, options: BriefingOptions = {}): BriefingChart[] {
  const briefing = buildBriefing(content, options);
  const parts = [...briefing.sections.flatMap((s) => s.parts), ...briefing.attachments.flatMap((a) => a.parts)];
  return parts.flatMap((part) => (part.kind === "chart" ? [part.chart] : []));
}

/**
 * A digest as a Markdown briefing: the masthead lines, numbered sections, GFM tables, charts as
 * images of the .svg files beside it, attachments and the closing lines; user text escaped.
 */
export function digestToMarkdown(content: DigestContent, options: MarkdownOptions = {}): string {
  const t = digestT(content);
  const briefing = buildBriefing(content, options);
  const parts = [
    `# ${escapeMarkdown(oneLine(`${briefing.masthead.group} ${briefing.masthead.kind}`))}`,
    escapeMarkdown(briefing.issueLine),
    escapeMarkdown(`${briefing.issuer}\u3000\u3000${briefing.date}`),
    "---",
    `**${escapeMarkdown(oneLine(briefing.title))}**`,
    escapeMarkdown(briefing.periodLine),
  ];
  const part = (p: BriefingPart) => markdownPart(p, t, options.chartFileBase);
  for (const section of briefing.sections) {
    // The number is the renderer's own (一、 or 1.), not text to escape.
    parts.push(`## ${section.number}${escapeMarkdown(section.heading)}`);
    parts.push(...section.parts.map(part));
  }
  if (briefing.attachmentList.length > 0) {
    parts.push(
      escapeMarkdown(briefing.attachmentsLabel),
      briefing.attachmentList.map((item) => escapeMarkdown(item)).join("\\\n"),
    );
  }
  for (const attachment of briefing.attachments) {
    parts.push(`## ${escapeMarkdown(`${attachment.label}\u3000${attachment.title}`)}`);
    parts.push(...attachment.parts.map(part));
  }
  parts.push(
    "---",
    [briefing.closing.sendTo, briefing.closing.copyTo, briefing.closing.printed]
      .map((line) => escapeMarkdown(line))
      .join("\\\n"),
  );
  return `${parts.join("\n\n")}\n`;
}

function markdownPart(part: BriefingPart, t: DigestT, chartFileBase: string | undefined): string {
  switch (part.kind) {
    case "paragraph":
      return markdownParagraphs(part.text);
    case "subheading":
      return `**${escapeMarkdown(oneLine(part.text))}**`;
    case "items":
      return part.items
        .map((item, index) => {
          const label = `**${escapeMarkdown(oneLine(item.label))}**`;
          const text = markdownParagraphs(item.text).replace(/\n/g, "\n   ");
          return `${index + 1}. ${t("plain.field", { label, value: text })}`;
        })
        .join("\n");
    case "table":
      return markdownTable(part.table.columns, part.table.rows);
    case "chart": {
      if (chartFileBase === undefined) return markdownParagraphs(part.chart.alt);
      // The alt text goes in the image's brackets: brackets and backslashes escaped, one line.
      const alt = oneLine(part.chart.alt).replace(/[\\[\]]/g, (char) => `\\${char}`);
      const file = encodeURI(chartFileName(chartFileBase, part.chart));
      return `![${alt}](${file})\n\n${escapeMarkdown(part.chart.caption)}`;
    }
  }
}
