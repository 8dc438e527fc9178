// Whatever a user sends, parseReportText answers: a draft that passes the schema, or at least one error.
// Never an exception (docs/design.md: "Bad input never crashes the bot and never goes unanswered").

import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  exampleTemplate,
  parseReportText,
  REPORT_ERROR_CODES,
  REPORT_FIELDS,
  reportDraftSchemaFor,
  TEMPLATE_LABELS,
  validateReportDraft,
  type ParseContext,
} from "../../../src/domain/report/index.js";
import { funds, jobs, rate } from "./fixtures.js";

const contexts: ParseContext[] = [
  { targets: [jobs], defaultTaskKey: "MS-03", defaultPeriodId: "2023-01-X2" },
  { targets: [jobs, rate, funds] },
  { targets: [], defaultTaskKey: "MS-01", defaultPeriodId: "2023-M01" },
  { targets: [rate], knownTaskKeys: ["MS-03", "MS-04"], defaultTaskKey: "MS-03", defaultPeriodId: "2023-Q1" },
];

/** Characters and snippets that stress the parser: widths, colons, invisible characters, emoji, line breaks. */
const nasty = fc.constantFrom(
  "０",
  "９",
  "．",
  "，",
  "：",
  ":",
  "％",
  "（",
  "）",
  "【",
  "】",
  "[",
  "]",
  "\u3000",
  "\u00A0",
  "\u200B",
  "\u200D",
  "\uFEFF",
  "\u202E",
  "😀",
  "👨‍💻",
  "🇨🇳",
  "\uD800",
  "\r",
  "\n",
  "\r\n",
  "\u2028",
  "万",
  "亿",
  "-",
  "−",
  "e",
  ".",
  ",",
  "*",
  "<script>",
  "<@U123>",
  "约",
  "左右",
);

const hugeNumber = fc.oneof(
  fc.constantFrom(
    "1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "-0",
    "0x10",
    "1_000",
    "١٢",
    "1".repeat(21),
    "9".repeat(500),
  ),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.integer().map((n) => n.toLocaleString("en-US")),
  fc.double({ noNaN: true, min: -1e15, max: 1e15 }).map((n) => `${n}万人`),
);

type Mutation =
  | { kind: "delete" | "duplicate"; at: number }
  | { kind: "swap"; at: number; pos: number }
  | { kind: "insert"; at: number; pos: number; text: string }
  | { kind: "value" | "replace"; at: number; text: string }
  | { kind: "repeat"; at: number; count: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom("delete" as const, "duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), pos: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    pos: fc.nat(),
    text: fc.oneof(nasty, fc.string({ maxLength: 4, unit: "binary" })),
  }),
  fc.record({ kind: fc.constant("value" as const), at: fc.nat(), text: hugeNumber }),
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    text: fc.oneof(
      fc.string({ maxLength: 40, unit: "grapheme" }),
      fc.constantFrom(
        ...Object.values(TEMPLATE_LABELS.fields)
          .flat()
          .map((k) => `${k}：`),
      ),
    ),
  }),
  fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), count: fc.integer({ min: 2, max: 400 }) }),
);

function mutate(lines: string[], m: Mutation): string[] {
  if (lines.length === 0) return lines;
  const at = m.at % lines.length;
  const line = lines[at] ?? "";
  const out = [...lines];
  switch (m.kind) {
    case "delete":
      out.splice(at, 1);
      break;
    case "duplicate":
      out.splice(at, 0, line);
      break;
    case "swap": {
      const chars = [...line];
      if (chars.length < 2) break;
      const pos = m.pos % (chars.length - 1);
      [chars[pos], chars[pos + 1]] = [chars[pos + 1] ?? "", chars[pos] ?? ""];
      out[at] = chars.join("");
      break;
    }
    case "insert": {
      const pos = m.pos % (line.length + 1);
      out[at] = line.slice(0, pos) + m.text + line.slice(pos);
      break;
    }
    case "value": {
      const colon = line.indexOf("：");
      out[at] = colon === -1 ? m.text : `${line.slice(0, colon + 1)}${m.text}`;
      break;
    }
    case "replace":
      out[at] = m.text;
      break;
    case "repeat":
      // Capped so that repeats of repeats stay within a string's length (the parser's own
      // limit, 10,000 characters, is far below it anyway).
      out[at] = line.repeat(Math.min(m.count, Math.floor(200_000 / Math.max(1, line.length))));
      break;
  }
  return out;
}

const mutatedTemplate = fc
  .record({
    context: fc.constantFrom(...contexts),
    header: fc.boolean(),
    mutations: fc.array(mutation, { maxLength: 6 }),
  })
  .map(({ context, header, mutations }) => {
    const base = exampleTemplate({
      taskKey: "MS-03",
      periodId: "2023-01-X2",
      targets: context.targets,
      includeHeader: header,
    }).split("\n");
    return { context, text: mutations.reduce(mutate, base).join("\n") };
  });

/** Lines made of template keys and random values: reaches deeper than fully random text. */
const keyValueLines = fc
  .record({
    context: fc.constantFrom(...contexts),
    lines: fc.array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            ...Object.values(TEMPLATE_LABELS.fields).flat(),
            "完成值[jobs]",
            "城镇新增就业",
            "报送 MS-03",
            "备注",
          ),
          fc.string({ maxLength: 6 }),
        ),
        fc.constantFrom("：", ":", " ", "", "︰"),
        fc.oneof(
          fc.string({ maxLength: 20, unit: "grapheme" }),
          hugeNumber,
          fc.constantFrom(...Object.values(TEMPLATE_LABELS.statuses).flat()),
        ),
      ),
      { maxLength: 12 },
    ),
  })
  .map(({ context, lines }) => ({ context, text: lines.map((parts) => parts.join("")).join("\n") }));

const randomText = fc.record({
  context: fc.constantFrom(...contexts),
  text: fc.oneof(
    fc.string({ maxLength: 200, unit: "binary" }),
    fc.string({ maxLength: 200, unit: "grapheme" }),
    fc.array(fc.oneof(nasty, fc.string({ maxLength: 3 })), { maxLength: 60 }).map((parts) => parts.join("")),
  ),
});

function check({ context, text }: { context: ParseContext; text: string }): void {
  const result = parseReportText(text, context);
  if (result.ok) {
    const schema = reportDraftSchemaFor(context.targets).safeParse(result.draft);
    expect(schema.success, JSON.stringify(schema.error?.issues)).toBe(true);
    expect(validateReportDraft(result.draft, context.targets)).toEqual(result);
    for (const value of result.draft.values) expect(Number.isFinite(value.value)).toBe(true);
  } else {
    expect(result.errors.length).toBeGreaterThanOrEqual(1);
    for (const error of result.errors) {
      expect(REPORT_FIELDS).toContain(error.field);
      expect(REPORT_ERROR_CODES).toContain(error.code);
      for (const value of Object.values(error.detail ?? {})) expect(["string", "number"]).toContain(typeof value);
    }
  }
}

describe("parseReportText fuzz", () => {
  it("answers random text, key-value soup and mutated templates without throwing (10,000 runs)", () => {
    fc.assert(fc.property(fc.oneof(randomText, keyValueLines, mutatedTemplate, mutatedTemplate), check), {
      numRuns: 10_000,
    });
  }, 120_000);

  it("still accepts most mild mutations (the fuzz reaches the success path)", () => {
    let ok = 0;
    fc.assert(
      fc.property(mutatedTemplate, (input) => {
        if (parseReportText(input.text, input.context).ok) ok++;
      }),
      { numRuns: 500, seed: 42 },
    );
    expect(ok).toBeGreaterThan(25);
  });

  it("survives huge inputs quickly", () => {
    const started = performance.now();
    for (const text of [
      "完成值：" + "9".repeat(9_990),
      "进展：" + "很".repeat(9_995),
      "：".repeat(10_000),
      "\n".repeat(10_000),
      "状态：正常\n".repeat(1_600),
      "进展：\n" + "一是：x\n".repeat(1_400),
      "x".repeat(1_000_000),
    ]) {
      check({ context: contexts[1] ?? { targets: [] }, text });
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
