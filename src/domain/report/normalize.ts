// Normalisation of what users type on Chinese keyboards. Two levels:
// - prose (进展, 问题 …) is kept verbatim: only line breaks are unified and invisible characters dropped;
// - machine-read parts (keys, numbers, statuses, task keys) are folded to ASCII with `normalizeInline`.
// Every mapping in `toHalfWidth` is one UTF-16 unit to one unit, so indexes found in the folded
// string are valid in the original (the template parser relies on that).

/** Zero-width and invisible formatting characters that never carry meaning in a report. */
const INVISIBLE = /[\u200B\u2060\uFEFF\u180E\u00AD\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Joiners: meaningful inside emoji sequences (👨‍💻), so prose keeps them; machine-read parts drop them. */
const JOINERS = /[\u200C\u200D]/g;
const LINE_BREAKS = /\r\n|[\r\u2028\u2029\u0085\v\f]/g;

/** CRLF, CR, U+2028/2029, NEL, VT, FF → `\n`. */
export function unifyLineBreaks(text: string): string {
  return text.replace(LINE_BREAKS, "\n");
}

/** Drops zero-width and direction-control characters; joiners too unless `keepJoiners`. */
export function stripInvisible(text: string, options: { keepJoiners?: boolean } = {}): string {
  const stripped = text.replace(INVISIBLE, "");
  return options.keepJoiners ? stripped : stripped.replace(JOINERS, "");
}

/**
 * Full-width ASCII variants (０-９, Ａ-Ｚ, ，．：％（）＋－ …) to ASCII, the ideographic space and NBSP to a space,
 * the other colon look-alikes (︰ ∶) to `:`, the minus sign (−) to `-`, 【】 to `[]`.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000\u00A0\uFE30\u2236\u2212\u3010\u3011]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
    switch (ch) {
      case "\uFE30":
      case "\u2236":
        return ":";
      case "\u2212":
        return "-";
      case "\u3010":
        return "[";
      case "\u3011":
        return "]";
      default:
        return " ";
    }
  });
}

/** `3,000` → `3000`, `12,345,678.5` → `12345678.5`; leaves badly grouped digits (`3,00`, `1,2`) alone. */
export function stripThousandsSeparators(text: string): string {
  return text.replace(/(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])/g, (group) => group.replace(/,/g, ""));
}

/**
 * For one-line machine-read values (a number, a status, a task key): invisible characters dropped,
 * half-width, thousands separators removed, whitespace runs collapsed to one space, trimmed.
 */
export function normalizeInline(text: string): string {
  return stripThousandsSeparators(toHalfWidth(stripInvisible(unifyLineBreaks(text))))
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Whole-text normalisation for machine-read text: unified line breaks, invisible characters dropped,
 * half-width, thousands separators removed, each line trimmed, leading and trailing blank lines dropped.
 * The template parser does not apply this to prose fields, which it keeps as written.
 */
export function normalizeText(text: string): string {
  return stripThousandsSeparators(toHalfWidth(stripInvisible(unifyLineBreaks(text))))
    .split("\n")
    .map((line) => line.trim())
    .join("\n")
    .trim();
}

/**
 * The form in which template keys are compared: inline-normalised, all whitespace removed, Markdown
 * emphasis and list markers (`*状态*`, `- 进展`, `1. 问题`, `（二）下步`, `①`) dropped, lower case unless
 * `keepCase` (target keys are compared case-sensitively first).
 */
export function normalizeKey(text: string, options: { keepCase?: boolean } = {}): string {
  let key = toHalfWidth(stripInvisible(text)).replace(/\s+/g, "");
  if (!options.keepCase) key = key.toLowerCase();
  // Leading Markdown, bullets and emoji (✅ 进展, ▶️ 下步), trailing emphasis.
  key = key.replace(/^[*_~`>#\-•·▪●◆■\p{So}\uFE0F\u20E3]+/u, "").replace(/[*_~`]+$/, "");
  key = key.replace(
    /^(?:\d{1,2}[.、)]|[一二三四五六七八九十]{1,3}[、.]|\((?:\d{1,2}|[一二三四五六七八九十]{1,3})\)|[①-⑳])/,
    "",
  );
  return key.replace(/^[*_~`]+/, "");
}

/** Width and whitespace folded, nothing else: how target keys are matched exactly. */
export function foldKey(text: string): string {
  return toHalfWidth(stripInvisible(text)).replace(/\s+/g, "");
}
