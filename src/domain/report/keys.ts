// Recognising template keys: field labels and their synonyms, and the keys under which values are given
// (完成值, 完成值[jobs], 完成值（万人）, 城镇新增就业, 城镇新增就业完成值, 城镇新增就业（万人）, jobs).

import { TEMPLATE_LABELS, type TemplateField } from "./labels.js";
import { foldKey, normalizeKey } from "./normalize.js";
import type { TargetSpec } from "./types.js";

export type KeyMatch =
  | { kind: "field"; field: Exclude<TemplateField, "value"> }
  | { kind: "value"; target: TargetSpec }
  | { kind: "valueError"; code: "ambiguous_target" | "unknown_target" | "no_targets"; target?: string };

const fieldByLabel = new Map<string, TemplateField>();
for (const [field, words] of Object.entries(TEMPLATE_LABELS.fields) as [TemplateField, readonly string[]][]) {
  for (const word of words) fieldByLabel.set(normalizeKey(word), field);
}
const valueLabels = TEMPLATE_LABELS.fields.value.map((word) => normalizeKey(word)).sort((a, b) => b.length - a.length);

/** The field a normalised key names, if it is one of the labels. */
export function fieldOfLabel(normalizedKey: string): TemplateField | undefined {
  return fieldByLabel.get(normalizedKey);
}

/** All labels, normalised, with their field (for typo suggestions). */
export function allLabels(): ReadonlyMap<string, TemplateField> {
  return fieldByLabel;
}

/** Resolves keys against one task's targets. Built once per parse. */
export class KeyResolver {
  readonly #targets: readonly TargetSpec[];
  /** Target keys as written (width folded): keys are unique per task, so this never collides. */
  readonly #byExactKey = new Map<string, TargetSpec[]>();
  readonly #byKey = new Map<string, TargetSpec[]>();
  readonly #byMetric = new Map<string, TargetSpec[]>();

  constructor(targets: readonly TargetSpec[]) {
    this.#targets = targets;
    for (const target of targets) {
      push(this.#byExactKey, foldKey(target.key), target);
      push(this.#byKey, foldKey(target.key).toLowerCase(), target);
      push(this.#byMetric, normalizeKey(target.metric), target);
    }
  }

  /** What a key (as written, before normalisation) means, or undefined when it is not a template key. */
  resolve(rawKey: string): KeyMatch | undefined {
    const cased = normalizeKey(rawKey, { keepCase: true });
    const key = cased.toLowerCase();
    if (key === "") return undefined;
    const field = fieldByLabel.get(key);
    if (field === "value") return this.#bareValue();
    if (field !== undefined) return { kind: "field", field };

    // 完成值[jobs], 完成值（万人）, 城镇新增就业（万人）, 问题（选填）
    const qualified = /^(.+?)[[(](.+)[\])]$/.exec(cased);
    if (qualified) {
      const [, head = "", inner = ""] = qualified;
      const headField = fieldByLabel.get(head.toLowerCase());
      if (headField === "value") return this.#qualifiedValue(inner);
      if (headField !== undefined) return { kind: "field", field: headField };
      const byMetric = this.#metric(head.toLowerCase());
      if (byMetric) return byMetric;
    }

    const byMetric = this.#metric(key) ?? this.#key(foldKey(rawKey)) ?? this.#key(cased);
    if (byMetric) return byMetric;
    // 城镇新增就业完成值, 城镇新增就业累计完成
    for (const suffix of valueLabels) {
      if (key.length > suffix.length && key.endsWith(suffix)) {
        const match = this.#metric(key.slice(0, -suffix.length));
        if (match) return match;
      }
    }
    return undefined;
  }

  #bareValue(): KeyMatch {
    const [only, ...others] = this.#targets;
    if (!only) return { kind: "valueError", code: "no_targets" };
    if (others.length > 0) {
      return { kind: "valueError", code: "ambiguous_target", target: this.#targets.map((t) => t.key).join(",") };
    }
    return { kind: "value", target: only };
  }

  #qualifiedValue(inner: string): KeyMatch {
    if (this.#targets.length === 0) return { kind: "valueError", code: "no_targets" };
    const lower = inner.toLowerCase();
    const match = this.#key(inner) ?? this.#metric(lower);
    if (match) return match;
    // 完成值（万人） names the unit, which identifies the target if only one has it.
    const byUnit = this.#targets.filter((t) => normalizeKey(t.unitOfMeasure) === lower);
    const [first, ...rest] = byUnit;
    if (first && rest.length === 0) return { kind: "value", target: first };
    if (first) return { kind: "valueError", code: "ambiguous_target", target: byUnit.map((t) => t.key).join(",") };
    return { kind: "valueError", code: "unknown_target", target: inner };
  }

  #metric(key: string): KeyMatch | undefined {
    return pick(this.#byMetric.get(key));
  }

  /** A target key: exactly as written first, then ignoring case. */
  #key(key: string): KeyMatch | undefined {
    if (key === "") return undefined;
    return pick(this.#byExactKey.get(key)) ?? pick(this.#byKey.get(key.toLowerCase()));
  }
}

function pick(targets: TargetSpec[] | undefined): KeyMatch | undefined {
  const [first, ...rest] = targets ?? [];
  if (!first) return undefined;
  if (rest.length > 0) {
    return { kind: "valueError", code: "ambiguous_target", target: [first, ...rest].map((t) => t.key).join(",") };
  }
  return { kind: "value", target: first };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Levenshtein distance, bounded: returns `limit + 1` as soon as it is exceeded. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * The canonical label an unknown key is probably a typo of: one character different from a label of two
 * characters (进长 → 进展), or one edit from a longer label (下部打算 → 下步打算). Inside a prose field this
 * decides whether a `xx：` line is a mistyped key (an error) or part of the text (一是：…).
 */
export function suggestLabel(normalizedKey: string): string | undefined {
  if (normalizedKey.length < 2 || normalizedKey.length > 12) return undefined;
  for (const [labelKey, field] of fieldByLabel) {
    const close =
      labelKey.length === 2
        ? normalizedKey.length === 2 && editDistance(normalizedKey, labelKey, 1) === 1
        : editDistance(normalizedKey, labelKey, 1) === 1;
    if (close) return TEMPLATE_LABELS.fields[field][0];
  }
  return undefined;
}
