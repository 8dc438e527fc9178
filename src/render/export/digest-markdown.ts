import type { DigestContent } from "../../core/digest/digest-content.js";
import { digestT, type DigestRenderOptions } from "../digest-text.js";
import { escapeMarkdown } from "../escape.js";
import { markdownParagraphs, markdownTable } from "../markdown.js";
import { oneLine } from "../plain-text.js";
import { buildBriefing } from "./briefing.js";

/** A digest as a Markdown briefing: title, date line, numbered sections, GFM tables; user text escaped. */
export function digestToMarkdown(content: DigestContent, options: DigestRenderOptions = {}): string {
  const t = digestT(content);
  const briefing = buildBriefing(content, options);
  const parts = [
    `# ${escapeMarkdown(oneLine(briefing.title))}`,
    escapeMarkdown(briefing.dateLine),
    escapeMarkdown(briefing.periodLine),
  ];
  for (const section of briefing.sections) {
    // The number is the renderer's own (一、 or 1.), not text to escape.
    parts.push(`## ${section.number}${escapeMarkdown(section.heading)}`);
    for (const paragraph of section.paragraphs) parts.push(markdownParagraphs(paragraph));
    if (section.items.length > 0) {
      parts.push(
        section.items
          .map((item, index) => {
            const label = `**${escapeMarkdown(oneLine(item.label))}**`;
            const text = markdownParagraphs(item.text).replace(/\n/g, "\n   ");
            return `${index + 1}. ${t("plain.field", { label, value: text })}`;
          })
          .join("\n"),
      );
    }
    if (section.table) parts.push(markdownTable(section.table.columns, section.table.rows));
    if (section.tableNote) parts.push(markdownParagraphs(section.tableNote));
  }
  return `${parts.join("\n\n")}\n`;
}
