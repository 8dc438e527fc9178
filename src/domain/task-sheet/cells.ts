import { kindFromCumulative, type TargetKind } from "../target/kind.js";
import { normalizeInline, stripInvisible, toHalfWidth, unifyLineBreaks } from "../report/normalize.js";
import { parseQuantity } from "../report/number.js";
import { SHEET_MESSAGES as M } from "./messages.js";
import type { Cycle, Direction, ListKind, SheetCell, UnitRef } from "./types.js";

/** The result of reading one cell: a value, or the Chinese reason it is not one. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** The words each choice column accepts; the first is what export writes. Matching ignores width and case. */
export const LIST_KIND_WORDS: Record<ListKind, readonly string[]> = {
  task: ["任务清单", "任务", "task"],
  project: ["项目清单", "项目", "project"],
  policy: ["政策清单", "政策", "policy"],
  indicator: ["指标清单", "指标", "indicator"],
};
export const DIRECTION_WORDS: Record<Direction, readonly string[]> = {
  increase: ["增加", "增长", "上升", "提高", "正向", "increase", "up"],
  decrease: ["减少", "下降", "降低", "负向", "decrease", "down"],
};
/** 指标类型. The former 累计 column's 是/否 are still read: 是 = 累计, 否 = 水平 (比率 when the unit is %). */
export const KIND_WORDS: Record<TargetKind, readonly string[]> = {
  cumulative: ["累计", "累计值", "累计量", "cumulative"],
  level: ["水平", "标准", "水平值", "存量", "level"],
  rate: ["比率", "比例", "率", "增速", "占比", "rate"],
};
const FORMER_CUMULATIVE_WORDS: Record<"yes" | "no", readonly string[]> = {
  yes: ["是", "y", "yes", "true", "1", "√", "✓"],
  no: ["否", "不累计", "当期", "n", "no", "false", "0", "×"],
};
export const CYCLE_WORDS: Record<Cycle, readonly string[]> = {
  dekad: ["旬", "旬报", "旬简报", "dekad"],
  month: ["月", "月报", "月通报", "month"],
  quarter: ["季", "季度", "季报", "季总结", "quarter"],
};
/** Words that mean "every cycle the group has enabled" in 报送周期. */
const ALL_CYCLES = ["全部", "所有", "all"];
const CYCLE_ORDER: readonly Cycle[] = ["dekad", "month", "quarter"];

/** Separators between unit names and between cycles: 、，, ; ； and line breaks. */
const LIST_SEPARATOR = /[、，,;；\n]+/;

function fold(text: string): string {
  return toHalfWidth(stripInvisible(text)).replace(/\s+/g, "").toLowerCase();
}

function lookup<K extends string>(words: Record<K, readonly string[]>, text: string): K | undefined {
  const folded = fold(text);
  for (const [choice, list] of Object.entries(words) as [K, readonly string[]][]) {
    if (list.some((word) => fold(word) === folded)) return choice;
  }
  return undefined;
}

/** A blank cell: empty, only whitespace or invisible characters. */
export function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === "string" && cellText(cell) === "");
}

/** The text of a cell as the user wrote it, trimmed, line breaks unified; dates as YYYY-MM-DD. */
export function cellText(cell: SheetCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return stripInvisible(unifyLineBreaks(cell)).trim();
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  return Number.isNaN(cell.getTime()) ? "" : isoDate(cell);
}

const TASK_KEY = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;
const TARGET_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const DASHES = /[‐‑‒–—―﹘﹣]/g;

/** 编号: `ms-03`, `ＭＳ－０３` and `MS–03` all read as `MS-03`; `ms 03` is an error. */
export function parseTaskKey(cell: SheetCell): Parsed<string> {
  const raw = cellText(cell);
  // Strict: a space inside (`ms 03`) is refused, not squeezed out into another key (MS03).
  const key = normalizeInline(raw).replace(DASHES, "-").trim().toUpperCase();
  return TASK_KEY.test(key) ? ok(key) : fail(M.badTaskKey(raw));
}

/** 指标编码: lower-cased, width-folded; must then be a target key such as `new-urban-jobs`. */
export function parseTargetKey(cell: SheetCell): Parsed<string> {
  const raw = cellText(cell);
  const key = normalizeInline(raw).replace(DASHES, "-").replace(/\s+/g, "").toLowerCase();
  return TARGET_KEY.test(key) ? ok(key) : fail(M.badTargetKey(raw));
}

export function parseListKind(cell: SheetCell): Parsed<ListKind> {
  const kind = lookup(LIST_KIND_WORDS, cellText(cell));
  return kind ? ok(kind) : fail(M.badListKind(cellText(cell)));
}

/** 方向; a blank cell is 增加. */
export function parseDirection(cell: SheetCell): Parsed<Direction> {
  if (isBlank(cell)) return ok("increase");
  const direction = lookup(DIRECTION_WORDS, cellText(cell));
  return direction ? ok(direction) : fail(M.badDirection(cellText(cell)));
}

/** 指标类型 (累计/水平/比率); a blank cell is 累计. 是/否 of the former 累计 column are read too. */
export function parseKind(cell: SheetCell, unitOfMeasure: string): Parsed<TargetKind> {
  if (isBlank(cell)) return ok("cumulative");
  if (typeof cell === "boolean") return ok(kindFromCumulative(cell, unitOfMeasure));
  const kind = lookup(KIND_WORDS, cellText(cell));
  if (kind) return ok(kind);
  const former = lookup(FORMER_CUMULATIVE_WORDS, cellText(cell));
  return former ? ok(kindFromCumulative(former === "yes", unitOfMeasure)) : fail(M.badKind(cellText(cell)));
}

/** 报送周期: `旬、月`; blank or 全部 = every cycle the group has enabled (an empty list). */
export function parseCycles(cell: SheetCell): Parsed<Cycle[]> {
  const text = cellText(cell);
  const parts = text.split(LIST_SEPARATOR).filter((p) => p.trim() !== "");
  if (parts.length === 0 || (parts.length === 1 && ALL_CYCLES.includes(fold(parts[0] ?? "")))) return ok([]);
  const found = new Set<Cycle>();
  for (const part of parts) {
    const cycle = lookup(CYCLE_WORDS, part);
    if (!cycle) return fail(M.badCycles(text));
    found.add(cycle);
  }
  return ok(CYCLE_ORDER.filter((c) => found.has(c)));
}

/** A value stored as DECIMAL(20,4): fewer than 16 digits before the point, at most 4 after. */
const LIMIT = 1e16;

/**
 * 目标值 and 基数: a number cell, or text with full-width digits, thousands separators, 约/累计
 * prefixes and an optional unit of measure after the number (`70万人`), returned for the caller to check.
 */
export function parseNumber(cell: SheetCell, header: string): Parsed<{ value: number; unit?: string }> {
  if (typeof cell === "number") {
    if (!Number.isFinite(cell)) return fail(M.notANumber(header, String(cell)));
    const rounded = Math.round(cell * 1e4) / 1e4;
    if (Math.abs(cell) >= LIMIT || Math.abs(rounded - cell) > 1e-9 * Math.max(1, Math.abs(cell))) {
      return fail(M.tooPrecise(header, String(cell)));
    }
    return ok({ value: rounded === 0 ? 0 : rounded });
  }
  const text = cellText(cell);
  if (typeof cell !== "string") return fail(M.notANumber(header, text));
  const quantity = parseQuantity(text);
  if (!quantity.ok) return fail(M.notANumber(header, text));
  const [whole = "", fraction = ""] = quantity.decimal.replace(/^-/, "").split(".");
  if (fraction.length > 4 || Math.abs(quantity.value) >= LIMIT || whole.length > 16) {
    return fail(M.tooPrecise(header, text));
  }
  return ok(quantity.unit === undefined ? { value: quantity.value } : { value: quantity.value, unit: quantity.unit });
}

// --- dates -----------------------------------------------------------------------------------------

const pad = (n: number) => String(n).padStart(2, "0");

function isoDate(date: Date): string {
  // Excel stores dates as day fractions; round to the minute so 23:59:59.999 noise does not move the day.
  const d = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function dateOf(year: number, month: number, day: number | "end"): string | undefined {
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return undefined;
  const last = daysInMonth(year, month);
  const d = day === "end" ? last : day;
  if (d < 1 || d > last) return undefined;
  return `${year}-${pad(month)}-${pad(d)}`;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** `12`, `十二`, `十`, `三` → a number; NaN otherwise. */
function smallNumber(text: string): number {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const m = /^([一二两三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(text);
  if (!m || text === "") return Number.NaN;
  const [, tens = "", ten = "", ones = ""] = m;
  if (ten === "") return tens !== "" && ones === "" ? (CN_DIGITS[tens] ?? Number.NaN) : Number.NaN;
  return (tens === "" ? 1 : (CN_DIGITS[tens] ?? 0)) * 10 + (ones === "" ? 0 : (CN_DIGITS[ones] ?? 0));
}

const NUM = "(\\d{1,2}|[一二两三四五六七八九十]{1,3})";
const END = "(?:底|末|份)?";
const DATE_PATTERNS: [RegExp, (m: RegExpExecArray) => string | undefined][] = [
  // 2023-12-31, 2023/12/31, 2023.12.31, with an optional time
  [
    /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$/,
    (m) => dateOf(Number(m[1]), Number(m[2]), Number(m[3])),
  ],
  // 2023-12, 2023/12: the end of the month
  [/^(\d{4})[-/.](\d{1,2})$/, (m) => dateOf(Number(m[1]), Number(m[2]), "end")],
  // 2023年12月31日
  [
    new RegExp(`^(\\d{4})年${NUM}月(\\d{1,2}|[一二三四五六七八九十]{1,3})[日号]$`),
    (m) => dateOf(Number(m[1]), smallNumber(m[2] ?? ""), smallNumber(m[3] ?? "")),
  ],
  // 2023年6月底, 2023年6月, 2023年6月份
  [new RegExp(`^(\\d{4})年${NUM}月${END}$`), (m) => dateOf(Number(m[1]), smallNumber(m[2] ?? ""), "end")],
  // 2023年底, 2023年末, 2023年年底, 2023年内, 2023年, 2023
  [/^(\d{4})(?:年(?:年?底|年?末|内|全年)?)?$/, (m) => dateOf(Number(m[1]), 12, "end")],
  // 2023年上半年, 2023年下半年(底)
  [/^(\d{4})年(上|下)半年(?:底|末)?$/, (m) => dateOf(Number(m[1]), m[2] === "上" ? 6 : 12, "end")],
  // 2023年一季度, 2023年第3季度末
  [/^(\d{4})年第?([1-4一二三四])季度?(?:底|末)?$/, (m) => dateOf(Number(m[1]), smallNumber(m[2] ?? "") * 3, "end")],
];
const BEFORE = /(?:之前|以前|前|为止|止)$/;
/** Dates a task sheet may hold: Excel's day numbers are unambiguous from 1900-03-01 on. */
const FIRST_SHEET_DAY = "1900-03-01";
const LAST_SHEET_DAY = "2100-12-31";

/**
 * 完成时限 and 开始日期 as YYYY-MM-DD: a date cell; an Excel day number (a date cell formatted as a
 * number); a year alone (2023 = 2023年底); or text such as 2023-12-31, 2023/12/31, 2023年12月31日,
 * 2023年6月底, 2023年6月 (the end of June), 2023年底/年末, 2023年上半年, 2023年三季度, with 前/之前 tolerated.
 */
export function parseDate(cell: SheetCell, header: string): Parsed<string> {
  const text = cellText(cell);
  if (cell instanceof Date) {
    // A negative or tiny number in a date-formatted cell (-5) comes out of Excel as a day before 1900
    // (1899-12-25): a typo, not a deadline.
    const day = Number.isNaN(cell.getTime()) ? "" : isoDate(cell);
    return day >= FIRST_SHEET_DAY && day <= LAST_SHEET_DAY ? ok(day) : fail(M.badDate(header, text || day));
  }
  if (typeof cell === "number") {
    if (Number.isInteger(cell) && cell >= 1900 && cell <= 2100) return ok(`${cell}-12-31`);
    // Excel's 1900 date system: day 1 is 1900-01-01, counted from 1899-12-30 once past its 1900 leap-year bug.
    if (cell >= 61 && cell < 73_051) return ok(isoDate(new Date(Date.UTC(1899, 11, 30) + cell * 86_400_000)));
    return fail(M.badDate(header, text));
  }
  if (typeof cell !== "string") return fail(M.badDate(header, text));
  const folded = normalizeInline(text)
    .replace(DASHES, "-")
    .replace(/\s+(?=\d{1,2}:)/, "T")
    .replace(/\s+/g, "");
  const trimmed = folded.replace(BEFORE, "");
  for (const [pattern, build] of DATE_PATTERNS) {
    const m = pattern.exec(trimmed);
    if (m) {
      const date = build(m);
      return date ? ok(date) : fail(M.badDate(header, text));
    }
  }
  return fail(M.badDate(header, text));
}

// --- units -----------------------------------------------------------------------------------------

/** `省人社厅、省财政厅` → the names, trimmed, blanks dropped. */
export function splitNames(cell: SheetCell): string[] {
  return cellText(cell)
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/**
 * Finds units by what users write: the key, the full name, the short name or an alias, in that order
 * of precedence (so a full name wins over another unit's alias). Width, whitespace and ASCII case are ignored.
 */
export function createUnitResolver(units: readonly UnitRef[]): {
  resolve(name: string): Parsed<string>;
  nameOf(key: string): string;
} {
  const levels = [
    (u: UnitRef) => [u.key],
    (u: UnitRef) => [u.name],
    (u: UnitRef) => (u.shortName ? [u.shortName] : []),
    (u: UnitRef) => u.aliases,
  ].map((namesOf) => {
    const index = new Map<string, UnitRef[]>();
    for (const unit of units) {
      for (const name of namesOf(unit)) {
        const list = index.get(fold(name)) ?? [];
        if (!list.includes(unit)) list.push(unit);
        index.set(fold(name), list);
      }
    }
    return index;
  });
  const names = new Map(units.map((u) => [u.key, u.name]));
  return {
    resolve(name) {
      const folded = fold(name);
      for (const index of levels) {
        const found = index.get(folded);
        if (!found) continue;
        if (found.length > 1)
          return fail(
            M.ambiguousUnit(
              name,
              found.map((u) => u.name),
            ),
          );
        return ok((found[0] as UnitRef).key);
      }
      return fail(M.unknownUnit(name));
    },
    nameOf: (key) => names.get(key) ?? key,
  };
}
