import type { Block, Form, Outbound } from "../core/chat/outbound.js";
import { translator, type Locale } from "../core/i18n/catalog.js";
import { renderMessages, type RenderMessageKey } from "../core/i18n/messages/render.js";
import { LIGHT_SYMBOL, numberButtons, percent, textBar, type PlainChoice } from "./format.js";
import { displayWidth, padToWidth } from "./width.js";

export type { PlainChoice } from "./format.js";

type T = ReturnType<typeof translator<RenderMessageKey>>;

/** A plain-text rendering and the numbers it gave the buttons, so a typed number can press one. */
export interface PlainRendering {
  text: string;
  choices: PlainChoice[];
}

/**
 * Renders a message as plain text for a terminal or any place without markup: headings in 【】,
 * fields as `label：value`, tables as aligned columns, progress as a light, a bar and a percentage,
 * buttons as numbered choices and forms as the list of their fields. Plain text needs no escaping.
 */
export function renderPlainText(message: Outbound, locale: Locale = "zh-CN"): string {
  return renderPlainTextWithChoices(message, locale).text;
}

/** {@link renderPlainText}, also returning the numbered choices (numbered from 1 across the message). */
export function renderPlainTextWithChoices(message: Outbound, locale: Locale = "zh-CN"): PlainRendering {
  const t = translator(renderMessages, locale);
  const choices = numberButtons(message);
  let next = 0;
  const parts: string[] = [];
  for (const block of message.blocks) {
    if (block.type === "heading" && parts.length > 0) parts.push("");
    if (block.type === "buttons") {
      const numbered = choices.slice(next, next + block.buttons.length);
      next += block.buttons.length;
      parts.push(`${numbered.map((c) => `[${c.number}] ${oneLine(c.label)}`).join("  ")}  ${t("plain.buttons.hint")}`);
      continue;
    }
    parts.push(...renderBlock(block, t));
  }
  const text = parts.length > 0 ? parts.join("\n") : normalizeNewlines(message.summary);
  return { text, choices };
}

function renderBlock(block: Exclude<Block, { type: "buttons" }>, t: T): string[] {
  switch (block.type) {
    case "heading":
      return [t("plain.heading", { text: oneLine(block.text) })];
    case "text":
      return [normalizeNewlines(block.text)];
    case "fields":
      return block.fields.map((field) => {
        const [first = "", ...more] = normalizeNewlines(field.value).split("\n");
        return [t("plain.field", { label: oneLine(field.label), value: first }), ...more.map((l) => `  ${l}`)].join(
          "\n",
        );
      });
    case "table":
      return formatPlainTable(block.columns, block.rows);
    case "progress": {
      const ratio =
        block.ratio === null ? t("progress.notReported") : `${textBar(block.ratio)} ${percent(block.ratio)}`;
      const detail = block.detail ? ` ${oneLine(block.detail)}` : "";
      return [`${LIGHT_SYMBOL[block.light]} ${oneLine(block.label)} ${ratio}${detail}`];
    }
    case "form":
      return renderForm(block.form, t);
    case "divider":
      return ["─".repeat(24)];
    case "chart":
      // No pictures in plain text: the alt text states the chart's figures.
      return [normalizeNewlines(block.alt)];
  }
}

function renderForm(form: Form, t: T): string[] {
  const lines = [t("plain.heading", { text: oneLine(form.title) }), t("plain.form.intro")];
  form.fields.forEach((field, index) => {
    let line = `${index + 1}. ${oneLine(field.label)}`;
    if (field.kind === "number" && field.unit) line += t("plain.form.unit", { unit: field.unit });
    if (field.kind === "text" && field.multiline) line += t("plain.form.multiline");
    if (field.kind !== "select" && field.optional) line += t("plain.form.optional");
    lines.push(line);
    if (field.kind === "select") {
      const options = field.options.map((o) => oneLine(o.label)).join(" / ");
      lines.push(`   ${t("plain.form.options", { options })}`);
    }
    if (field.initial) {
      const shown =
        field.kind === "select"
          ? (field.options.find((o) => o.value === field.initial)?.label ?? field.initial)
          : field.initial;
      lines.push(`   ${t("plain.form.default", { value: oneLine(shown) })}`);
    }
  });
  return lines;
}

const NUMERIC = /^[-+]?[\d,]*\.?\d+%?$/;
/** Cells that say "nothing here" and do not decide a column's alignment. */
const BLANK = /^[-—–]?$/;

/**
 * Lays a table out in aligned columns (CJK characters count two columns), a dashed rule under the
 * header, numeric columns right-aligned. Line breaks inside a cell become spaces.
 */
export function formatPlainTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const count = Math.max(columns.length, ...rows.map((row) => row.length));
  const header = Array.from({ length: count }, (_, i) => oneLine(columns[i] ?? ""));
  const body = rows.map((row) => Array.from({ length: count }, (_, i) => oneLine(row[i] ?? "")));
  const widths = header.map((cell, i) =>
    Math.max(displayWidth(cell), ...body.map((row) => displayWidth(row[i] ?? ""))),
  );
  const align = header.map((_, i) => {
    const cells = body.map((row) => row[i] ?? "").filter((cell) => !BLANK.test(cell));
    return cells.length > 0 && cells.every((cell) => NUMERIC.test(cell)) ? "right" : "left";
  });
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => padToWidth(cell, widths[i] ?? 0, align[i]))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** Collapses line breaks and tabs to spaces for places that must stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").trim();
}
