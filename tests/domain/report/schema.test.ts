import { describe, expect, it } from "vitest";

import {
  parseReportText,
  reportDraftSchema,
  reportDraftSchemaFor,
  validateReportDraft,
  type ReportFieldError,
  type ReportResult,
} from "../../../src/domain/report/index.js";
import { body, jobs, rate, single } from "./fixtures.js";

const targets = [jobs, rate];
const valid = {
  taskKey: "MS-03",
  periodRef: "2023-01-X2",
  values: [{ targetKey: "jobs", value: 65 }],
  status: "at_risk",
  progress: "进展",
  problems: "",
  nextSteps: "",
  coordinationNeeded: "",
};

function errorsOf(result: ReportResult): ReportFieldError[] {
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.draft)}`);
  return result.errors;
}

describe("validateReportDraft (the rules shared by text, guided flow and form)", () => {
  it("accepts a valid record and returns it cleaned", () => {
    const result = validateReportDraft({ ...valid, progress: "  进展\n", extra: "dropped" }, targets);
    expect(result).toEqual({ ok: true, draft: { ...valid, progress: "进展" } });
  });

  it("defaults the optional texts and the task and period are optional", () => {
    const { taskKey: _t, periodRef: _p, problems: _a, nextSteps: _b, coordinationNeeded: _c, ...minimal } = valid;
    expect(validateReportDraft(minimal, targets)).toEqual({
      ok: true,
      draft: { ...minimal, problems: "", nextSteps: "", coordinationNeeded: "" },
    });
  });

  it("requires status and progress", () => {
    const { status: _s, ...noStatus } = valid;
    expect(errorsOf(validateReportDraft({ ...noStatus, progress: "  " }, targets))).toEqual([
      { field: "status", code: "missing" },
      { field: "progress", code: "missing" },
    ]);
  });

  it("rejects an unknown status", () => {
    expect(errorsOf(validateReportDraft({ ...valid, status: "正常推进" }, targets))).toEqual([
      { field: "status", code: "unknown_status" },
    ]);
  });

  it("requires at least one value when the task has targets, none when it has none", () => {
    expect(errorsOf(validateReportDraft({ ...valid, values: [] }, targets))).toEqual([
      { field: "value", code: "missing" },
    ]);
    expect(validateReportDraft({ ...valid, values: [] }, []).ok).toBe(true);
    expect(errorsOf(validateReportDraft(valid, []))).toEqual([
      { field: "value", code: "no_targets", detail: { target: "jobs" } },
    ]);
  });

  it("rejects unknown and duplicate targets", () => {
    const values = [
      { targetKey: "jobs", value: 1 },
      { targetKey: "nope", value: 2 },
      { targetKey: "jobs", value: 3 },
    ];
    expect(errorsOf(validateReportDraft({ ...valid, values }, targets))).toEqual([
      { field: "value", code: "unknown_target", detail: { target: "nope" } },
      { field: "value", code: "duplicate_field", detail: { target: "jobs" } },
    ]);
  });

  it.each([
    [Number.NaN, "not_a_number"],
    [Number.POSITIVE_INFINITY, "not_a_number"],
    ["12", "not_a_number"],
    [1e12 + 1, "out_of_range"],
    [-1e13, "out_of_range"],
  ])("rejects the value %s as %s", (value, code) => {
    const errors = errorsOf(validateReportDraft({ ...valid, values: [{ targetKey: "jobs", value }] }, targets));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: "value", code, detail: { target: "jobs" } });
  });

  it("accepts the limits", () => {
    for (const value of [1e12, -1e12, 0, 0.0001]) {
      expect(validateReportDraft({ ...valid, values: [{ targetKey: "jobs", value }] }, targets).ok).toBe(true);
    }
    const long = "长".repeat(2000);
    const record = { ...valid, progress: long, problems: long, nextSteps: long, coordinationNeeded: long };
    expect(validateReportDraft(record, targets).ok).toBe(true);
  });

  it("limits each text to 2,000 characters and keys to 64", () => {
    const long = "x".repeat(2001);
    const errors = errorsOf(
      validateReportDraft(
        {
          ...valid,
          progress: long,
          problems: long,
          nextSteps: long,
          coordinationNeeded: long,
          taskKey: "K".repeat(65),
        },
        targets,
      ),
    );
    expect(errors).toEqual([
      { field: "task", code: "too_long", detail: { max: 64, length: 65 } },
      { field: "progress", code: "too_long", detail: { max: 2000, length: 2001 } },
      { field: "problems", code: "too_long", detail: { max: 2000, length: 2001 } },
      { field: "nextSteps", code: "too_long", detail: { max: 2000, length: 2001 } },
      { field: "coordination", code: "too_long", detail: { max: 2000, length: 2001 } },
    ]);
  });

  it("reports structurally wrong input as invalid, never throws", () => {
    for (const input of [null, undefined, 42, "text", [], () => 1]) {
      expect(errorsOf(validateReportDraft(input, targets))).toEqual([{ field: "text", code: "invalid" }]);
    }
    expect(errorsOf(validateReportDraft({ ...valid, values: "65", problems: 1 }, targets))).toEqual([
      { field: "value", code: "invalid" },
      { field: "problems", code: "invalid" },
    ]);
    expect(errorsOf(validateReportDraft({ ...valid, values: [null, { value: 1 }] }, targets))).toEqual([
      { field: "value", code: "invalid" },
      { field: "value", code: "missing" },
    ]);
  });

  it("collects every error at once", () => {
    const input = {
      values: [{ targetKey: "x", value: Number.NaN }],
      status: 1,
      progress: "",
      problems: "y".repeat(2001),
    };
    expect(errorsOf(validateReportDraft(input, targets)).map((e) => `${e.field}:${e.code}`)).toEqual([
      "value:not_a_number",
      "value:unknown_target",
      "status:unknown_status",
      "progress:missing",
      "problems:too_long",
    ]);
  });

  it("is what parseReportText applies: a parsed draft validates to itself", () => {
    const parsed = parseReportText(body(), single);
    if (!parsed.ok) throw new Error("expected a draft");
    expect(validateReportDraft(parsed.draft, single.targets)).toEqual(parsed);
    expect(reportDraftSchemaFor(single.targets).parse(parsed.draft)).toEqual(parsed.draft);
    expect(reportDraftSchema.safeParse(parsed.draft).success).toBe(true);
  });
});
