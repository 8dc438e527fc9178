import type { Block, Form, Outbound } from "../core/chat/outbound.js";
import { translator, type Locale } from "../core/i18n/catalog.js";
import { renderMessages, type RenderMessageKey } from "../core/i18n/messages/render.js";
import { escapeMarkdown, escapeMarkdownTableCell } from "./escape.js";
import { LIGHT_SYMBOL, numberButtons, percent } from "./format.js";
import { oneLine } from "./plain-text.js";

type T = ReturnType<typeof translator<RenderMessageKey>>;

/**
 * Renders a message as CommonMark with GFM tables. Every string from the blocks is escaped, so
 * user text shows literally; only the renderer's own markup (headings, bold labels, lists, tables)
 * is Markdown.
 */
export function renderMarkdown(message: Outbound, locale: Locale = "zh-CN"): string {
  const t = translator(renderMessages, locale);
  const choices = numberButtons(message);
  let next = 0;
  let out = "";
  let previous: Block["type"] | undefined;
  for (const block of message.blocks) {
    let part: string;
    if (block.type === "buttons") {
      const numbered = choices.slice(next, next + block.buttons.length);
      next += block.buttons.length;
      part = numbered.map((c) => `\\[${c.number}\\] ${escapeMarkdown(oneLine(c.label))}`).join("  ");
    } else {
      part = renderBlock(block, t);
    }
    // Consecutive progress lines stay one tight list.
    const separator =
      previous === undefined ? "" : previous === "progress" && block.type === "progress" ? "\n" : "\n\n";
    out += separator + part;
    previous = block.type;
  }
  return previous === undefined ? markdownParagraphs(message.summary) : out;
}

function renderBlock(block: Exclude<Block, { type: "buttons" }>, t: T): string {
  switch (block.type) {
    case "heading":
      return `## ${escapeMarkdown(oneLine(block.text))}`;
    case "text":
      return markdownParagraphs(block.text);
    case "fields":
      return block.fields
        .map((field) => {
          const label = `**${escapeMarkdown(oneLine(field.label))}**`;
          const value = hardBreaks(escapeMarkdown(normalize(field.value)), "  ");
          return `- ${t("plain.field", { label, value })}`;
        })
        .join("\n");
    case "table":
      return markdownTable(block.columns, block.rows);
    case "progress": {
      const ratio = block.ratio === null ? t("progress.notReported") : percent(block.ratio);
      const detail = block.detail ? ` ${escapeMarkdown(oneLine(block.detail))}` : "";
      return `- ${LIGHT_SYMBOL[block.light]} **${escapeMarkdown(oneLine(block.label))}** ${ratio}${detail}`;
    }
    case "form":
      return markdownForm(block.form, t);
    case "divider":
      return "---";
    case "chart":
      // The chart's picture, where there is one, is a file beside the Markdown (see
      // digest-markdown.ts); the message itself carries the figures in words.
      return markdownParagraphs(block.alt);
  }
}

function markdownForm(form: Form, t: T): string {
  const items = form.fields.map((field, index) => {
    let line = `${index + 1}. ${escapeMarkdown(oneLine(field.label))}`;
    if (field.kind === "number" && field.unit) line += escapeMarkdown(t("plain.form.unit", { unit: field.unit }));
    if (field.kind !== "select" && field.optional) line += escapeMarkdown(t("plain.form.optional"));
    if (field.kind === "select") {
      const options = field.options.map((o) => oneLine(o.label)).join(" / ");
      line += `\n   ${escapeMarkdown(t("plain.form.options", { options }))}`;
    }
    return line;
  });
  return [`**${escapeMarkdown(oneLine(form.title))}**`, "", ...items].join("\n");
}

/** A GFM table; cells are escaped (pipes included) and line breaks inside a cell become `<br>`. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const count = Math.max(columns.length, ...rows.map((row) => row.length));
  const line = (cells: readonly string[]) =>
    `| ${Array.from({ length: count }, (_, i) => escapeMarkdownTableCell(cells[i] ?? "")).join(" | ")} |`;
  return [line(columns), `| ${Array.from({ length: count }, () => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** User text as Markdown paragraphs: escaped, blank lines kept, single line breaks made hard. */
export function markdownParagraphs(text: string): string {
  return hardBreaks(escapeMarkdown(normalize(text)), "");
}

/** Joins lines with a CommonMark hard break (`\` at the end) where a line follows a line. */
function hardBreaks(escaped: string, indent: string): string {
  const lines = escaped.split("\n");
  return lines
    .map((line, i) => {
      const nextLine = lines[i + 1];
      const breakHere = nextLine !== undefined && line.trim() !== "" && nextLine.trim() !== "";
      return (i > 0 ? indent : "") + line + (breakHere ? "\\" : "");
    })
    .join("\n");
}

function normalize(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
