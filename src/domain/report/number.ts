// Numbers as users write them in reports: `12.5万人`, `65%`, `3,000`, `约1.2亿元`, `-3`, `12.5 万人`.
// Values are kept as decimal strings until the end so that unit conversion (125000人 → 12.5万人) shifts
// the decimal point instead of multiplying binary floats (0.07 × 100 = 7.000000000000001).

import { TEMPLATE_LABELS } from "./labels.js";
import { normalizeInline } from "./normalize.js";

/** More significant digits than this is not a number anyone reports (and would lose precision). */
export const MAX_NUMBER_DIGITS = 20;
/** Longest unit of measure accepted after a number (万千瓦时, 平方公里, 个百分点). */
export const MAX_UNIT_LENGTH = 12;

export interface Quantity {
  value: number;
  /** The unit written after the number, whitespace removed; absent when none was written. */
  unit?: string;
  /** The number as a canonical decimal string (`-12.5`, `3000`), exact. */
  decimal: string;
}

export type QuantityErrorCode = "empty" | "not_a_number" | "too_long";
export type QuantityResult = ({ ok: true } & Quantity) | { ok: false; code: QuantityErrorCode };

const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?\s*(.*)$/s;
const UNIT = /^[\p{L}%‰°²³/·]+$/u;
const prefixes = [...TEMPLATE_LABELS.numberPrefixes].sort((a, b) => b.length - a.length);
const suffixes = [...TEMPLATE_LABELS.numberSuffixes];

/**
 * Parses a number with an optional unit of measure after it. Full-width digits, thousands separators,
 * 约/共/累计 prefixes and a 左右 suffix are tolerated. Scientific notation, several decimal points,
 * NaN/Infinity and more than {@link MAX_NUMBER_DIGITS} digits are not.
 */
export function parseQuantity(input: string): QuantityResult {
  let text = normalizeInline(input);
  if (text === "") return { ok: false, code: "empty" };
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const prefix of prefixes) {
      if (text.startsWith(prefix) && text.length > prefix.length) {
        text = text.slice(prefix.length).trimStart();
        stripped = true;
        break;
      }
    }
  }
  for (const suffix of suffixes) {
    if (text.endsWith(suffix) && text.length > suffix.length) text = text.slice(0, -suffix.length).trimEnd();
  }
  const match = NUMBER.exec(text);
  if (!match) return { ok: false, code: "not_a_number" };
  const [, sign = "", intRaw = "", fracRaw = "", unitRaw = ""] = match;
  const intPart = intRaw.replace(/^0+(?=\d)/, "");
  const fracPart = fracRaw.replace(/0+$/, "");
  if (intPart.replace(/^0+/, "").length + fracPart.length > MAX_NUMBER_DIGITS) return { ok: false, code: "too_long" };
  const unit = unitRaw.replace(/\s+/g, "");
  if (unit !== "" && (!UNIT.test(unit) || unit.length > MAX_UNIT_LENGTH)) return { ok: false, code: "not_a_number" };
  const isZero = /^0*$/.test(intPart + fracPart);
  const decimal = `${sign === "-" && !isZero ? "-" : ""}${intPart}${fracPart ? `.${fracPart}` : ""}`;
  const value = Number(decimal);
  if (!Number.isFinite(value)) return { ok: false, code: "not_a_number" };
  return unit === "" ? { ok: true, value, decimal } : { ok: true, value, unit, decimal };
}

// --- units -------------------------------------------------------------------------------------------

/** Chinese multipliers that may precede a base unit: 万人 = 10^4 人, 亿元 = 10^8 元, 万亿元 = 10^12 元. */
const MULTIPLIERS: Record<string, number> = { 十: 1, 百: 2, 千: 3, 万: 4, 亿: 8 };
/** Base units with a built-in power of ten, so 公里 and 千米, 公斤 and 千克 convert into each other. */
const BASE_ALIASES: Record<string, { exponent: number; base: string }> = {
  公里: { exponent: 3, base: "米" },
  km: { exponent: 3, base: "米" },
  m: { exponent: 0, base: "米" },
  公斤: { exponent: 3, base: "克" },
  kg: { exponent: 3, base: "克" },
  吨: { exponent: 6, base: "克" },
  百分比: { exponent: 0, base: "%" },
};

export interface UnitParts {
  /** Power of ten of the multiplier: 万 → 4, 亿 → 8, none → 0. */
  exponent: number;
  /** The base unit, lower-cased: 人, 元, %, 个百分点; empty for a bare multiplier (`12.5万`) or no unit. */
  base: string;
}

/** Splits a unit of measure into multiplier and base: 万人 → {4, 人}, 亿元 → {8, 元}, % → {0, %}. */
export function splitUnit(unit: string): UnitParts {
  let rest = normalizeInline(unit).replace(/\s+/g, "").toLowerCase();
  let exponent = 0;
  // 百分点 / 千分比 are units of their own, not 百 × 分点.
  while (rest.length > 0 && !/^[百千]分/.test(rest)) {
    const step = MULTIPLIERS[rest.charAt(0)];
    if (step === undefined) break;
    exponent += step;
    rest = rest.slice(1);
  }
  const alias = BASE_ALIASES[rest];
  return alias ? { exponent: exponent + alias.exponent, base: alias.base } : { exponent, base: rest };
}

/** Moves the decimal point of a canonical decimal string by `shift` places (positive = larger). */
export function shiftDecimal(decimal: string, shift: number): string {
  const negative = decimal.startsWith("-");
  const [intPart = "0", fracPart = ""] = (negative ? decimal.slice(1) : decimal).split(".");
  const digits = intPart + fracPart;
  let point = intPart.length + shift;
  let padded = digits;
  if (point > padded.length) padded = padded.padEnd(point, "0");
  if (point < 0) {
    padded = "0".repeat(-point) + padded;
    point = 0;
  }
  const whole = padded.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const frac = padded.slice(point).replace(/0+$/, "");
  const body = frac ? `${whole}.${frac}` : whole;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}

export type ConversionResult = { ok: true; value: number } | { ok: false; code: "unit_mismatch" };

/**
 * Expresses a parsed quantity in a target's unit of measure: 125000人 → 12.5 for 万人, 1.2亿元 → 12000 for
 * 万元. No unit written means the target's unit; a bare multiplier (`12.5万`) takes the target's base
 * unit; a target with no unit accepts any. Different bases (`%` for 万人, 个 for 所) are a mismatch.
 */
export function convertQuantity(
  quantity: Pick<Quantity, "value" | "unit" | "decimal">,
  targetUnit: string,
): ConversionResult {
  if (quantity.unit === undefined || quantity.unit === "") return { ok: true, value: quantity.value };
  const from = splitUnit(quantity.unit);
  const to = splitUnit(targetUnit);
  if (from.base !== "" && to.base !== "" && from.base !== to.base) return { ok: false, code: "unit_mismatch" };
  const shift = from.exponent - to.exponent;
  if (shift === 0) return { ok: true, value: quantity.value };
  return { ok: true, value: Number(shiftDecimal(quantity.decimal, shift)) };
}

/** A number as the templates print it: no exponent, no grouping, at most four decimals (the database's scale). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "0";
  const fixed = value.toFixed(4).replace(/\.?0+$/, "");
  return fixed === "-0" ? "0" : fixed;
}
