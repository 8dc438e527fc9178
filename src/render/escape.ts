/**
 * Escaping of user text for each target format. Block contents are raw (outbound.ts); a renderer
 * escapes every string it places into markup so that `*bold*`, `<@U123>` or `<script>` typed by a
 * user shows literally instead of formatting, mentioning or injecting.
 */

/** Plain text has no markup: nothing to escape. */
export function escapePlain(text: string): string {
  return text;
}

// Every ASCII punctuation character may be backslash-escaped in CommonMark; these are the ones that
// can start or end markup inline (emphasis, code, links, HTML, tables, strikethrough, entities).
const MARKDOWN_INLINE = /[\\`*_[\]<>#|~&]/g;

/**
 * Escapes text for CommonMark/GFM so it renders literally. Also neutralises what only matters at
 * the start of a line: list markers, block quotes, headings, setext underlines and indented code.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split("\n")
    .map((line) => escapeMarkdownLine(line))
    .join("\n");
}

function escapeMarkdownLine(line: string): string {
  const indent = /^[ \t]*/.exec(line)?.[0] ?? "";
  // Leading spaces would make an indented code block; no-break spaces keep the look without it.
  const lead = indent.replace(/\t/g, "    ").replace(/ /g, "\u00a0");
  return lead + escapeLineStart(escapeMarkdownInline(line.slice(indent.length)));
}

/** Escapes what forms markup anywhere in a line; enough inside a table cell. */
function escapeMarkdownInline(text: string): string {
  return text.replace(MARKDOWN_INLINE, (c) => `\\${c}`);
}

/** List items (`- `, `+ `, `1. `, `1) `), thematic breaks and setext underlines (`---`, `===`). */
function escapeLineStart(rest: string): string {
  if (/^[-+](\s|$)/.test(rest) || /^[-=][-=\s]*$/.test(rest)) return `\\${rest}`;
  return rest.replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}

/** Escapes text for a GFM table cell: Markdown escapes, and line breaks become `<br>`. */
export function escapeMarkdownTableCell(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => escapeMarkdownInline(line.trim()))
    .join("<br>");
}

/** Slack mrkdwn: only `&`, `<` and `>` are control characters (they form mentions and links). */
export function escapeSlackMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Telegram HTML parse mode: `&`, `<` and `>` must be entities in text (quotes only in attributes). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
