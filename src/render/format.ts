import type { Button, Light, Outbound } from "../core/chat/outbound.js";
import type { Locale } from "../core/i18n/catalog.js";

/** Shared pieces of the text renderers: light symbols, percentages, bars and button numbering. */

export const LIGHT_SYMBOL: Record<Light, string> = {
  green: "🟢",
  yellow: "🟡",
  red: "🔴",
  done: "✅",
  none: "⚪",
};

/** One decimal everywhere (0.654 -> "65.4%"): the evaluation's own rounding, so no view differs. */
export { percent } from "../core/evaluation/percent.js";

/** A ten-cell text bar, full at 100% and beyond: `[██████░░░░]`. */
export function textBar(ratio: number, cells = 10): string {
  const filled = Math.round(Math.min(1, Math.max(0, ratio)) * cells);
  return `[${"█".repeat(filled)}${"░".repeat(cells - filled)}]`;
}

// Building an Intl.NumberFormat costs about a hundred times more than using one, and a digest
// formats tens of thousands of numbers: one formatter per locale.
const numberFormats = new Map<Locale, Intl.NumberFormat>();

/**
 * A number as the plan and the chat write it: up to two decimals, no thousands separator
 * (`10000项`, `3000万`; docs/message-style.md, "Numbers and units"), so the web console and the
 * messages print the same figure the same way.
 */
export function formatNumber(value: number, locale: Locale): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** One numbered choice of a plain-text rendering: typing `number` presses the button. */
export interface PlainChoice {
  number: number;
  actionId: string;
  value: string;
  label: string;
}

/** Numbers every button of a message from 1, in block order, as the plain renderer shows them. */
export function numberButtons(message: Outbound): PlainChoice[] {
  const buttons: Button[] = message.blocks.flatMap((block) => (block.type === "buttons" ? block.buttons : []));
  return buttons.map((button, index) => ({
    number: index + 1,
    actionId: button.actionId,
    value: button.value,
    label: button.label,
  }));
}
