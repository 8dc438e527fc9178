import { describe, expect, it } from "vitest";
import { formatSeedError, validateSeedFiles } from "../../../src/domain/seed/validate.js";
import type { SeedError, SeedValidation } from "../../../src/domain/seed/validate.js";
import { edit, seedFiles, validFiles } from "./fixture.js";

function errorsOf(result: SeedValidation): SeedError[] {
  if (result.ok) throw new Error("expected the seed to be rejected");
  return result.errors;
}

/** Exactly one error, and it names the file, the path inside it and the reason. */
function onlyError(changes: Record<string, string | null>): SeedError {
  const errors = errorsOf(validateSeedFiles(seedFiles(changes)));
  expect(errors, JSON.stringify(errors, null, 2)).toHaveLength(1);
  return errors[0]!;
}

describe("validateSeedFiles: a valid set", () => {
  it("accepts the fixture and merges the task list with its group", () => {
    const result = validateSeedFiles(seedFiles());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.warnings).toEqual([]);
    expect(result.seed.units.map((u) => u.key)).toEqual(["hrss", "tax"]);
    const task = result.seed.tasks[0]!;
    expect(task).toMatchObject({ group: "minsheng", key: "MS-03", lead: ["hrss"], participants: ["tax"] });
    expect(task.targets[0]).toMatchObject({ key: "new-urban-jobs", targetValue: 70, unitOfMeasure: "万人" });
  });

  it("fills the documented defaults", () => {
    const result = validateSeedFiles(seedFiles());
    if (!result.ok) throw new Error("rejected");
    expect(result.seed.groups[0]).toMatchObject({ timezone: "Asia/Shanghai", isExample: false });
    expect(result.seed.tasks[0]).toMatchObject({ cycles: [], active: true, isExample: false });
    expect(result.seed.cycles[0]).toMatchObject({ enabled: true, dueRule: null, ladder: null, quietHours: null });
    expect(result.seed.units[1]).toMatchObject({ aliases: [], isExample: false });
  });

  it("reads JSON files too, and any file may hold several sections", () => {
    const json = JSON.stringify({
      units: [{ key: "edu", name: "省教育厅" }],
      groups: [{ key: "keji", name: "科技专班" }],
    });
    const result = validateSeedFiles(seedFiles({ "more.json": json }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.seed.units.map((u) => u.key)).toContain("edu");
    expect(result.warnings.map((w) => w.message)).toEqual(["group keji has no enabled reporting cycle"]);
  });

  it("warns, without failing, about gaps an operator should close", () => {
    const result = validateSeedFiles(
      seedFiles({
        ...edit("tasks-minsheng.yaml", "lead: [hrss]\n    participants: [tax]", "lead: [tax]"),
        "contacts.yaml": "contacts: []\n",
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([
      expect.objectContaining({
        file: "tasks-minsheng.yaml",
        path: "tasks[0].lead[0]",
        line: 6,
        message: 'lead unit "tax" has no active primary contact to remind',
      }),
    ]);
  });
});

describe("validateSeedFiles: bad input names file, path, line and reason", () => {
  it("an unknown unit key in a task", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "lead: [hrss]", "lead: [hrs]"))).toEqual({
      file: "tasks-minsheng.yaml",
      path: "tasks[0].lead[0]",
      line: 6,
      column: 12,
      message: 'unknown unit "hrs": no unit with this key in any units section',
    });
  });

  it("an unknown unit key in a group, a contact and a target", () => {
    expect(onlyError(edit("groups.yaml", "memberUnits: [hrss, tax]", "memberUnits: [hrss, tax, edu]"))).toMatchObject({
      file: "groups.yaml",
      path: "groups[0].memberUnits[2]",
      line: 5,
      message: expect.stringContaining('unknown unit "edu"'),
    });
    expect(onlyError(edit("contacts.yaml", "unit: hrss", "unit: edu"))).toMatchObject({
      file: "contacts.yaml",
      path: "contacts[0].units[0].unit",
      line: 6,
    });
    expect(
      onlyError(edit("tasks-minsheng.yaml", "kind: cumulative", "kind: cumulative\n        lead: tax")),
    ).toMatchObject({
      file: "tasks-minsheng.yaml",
      path: "tasks[0].targets[0].lead",
      line: 15,
      message: 'unit "tax" is not one of the task\'s lead units (hrss)',
    });
  });

  it("an office unit that is not a member", () => {
    expect(onlyError(edit("groups.yaml", "memberUnits: [hrss, tax]", "memberUnits: [tax]"))).toMatchObject({
      file: "groups.yaml",
      path: "groups[0].officeUnit",
      line: 4,
      message: 'unit "hrss" hosts the office but is not in memberUnits',
    });
  });

  it("an unknown group key at the top of a task list", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "group: minsheng", "group: mingsheng"))).toMatchObject({
      file: "tasks-minsheng.yaml",
      path: "group",
      line: 1,
      message: 'unknown group "mingsheng": no group with this key in any groups section',
    });
  });

  it("a duplicate task key in one file", () => {
    const task = validFiles["tasks-minsheng.yaml"]!.split("tasks:\n")[1]!;
    expect(onlyError({ "tasks-minsheng.yaml": validFiles["tasks-minsheng.yaml"] + task })).toEqual({
      file: "tasks-minsheng.yaml",
      path: "tasks[1].key",
      line: 16,
      column: 10,
      message: 'task key "MS-03" in group minsheng is already defined at tasks-minsheng.yaml tasks[0].key',
    });
  });

  it("a duplicate task key across two files of one group", () => {
    const error = onlyError({ "tasks-minsheng-2.yaml": validFiles["tasks-minsheng.yaml"]! });
    expect(error).toMatchObject({ file: "tasks-minsheng.yaml", path: "tasks[0].key", line: 3 });
    expect(error.message).toContain("already defined at tasks-minsheng-2.yaml tasks[0].key");
  });

  it("a duplicate target key in one task", () => {
    const target = `      - key: new-urban-jobs
        metric: 其他
        unitOfMeasure: 人
        targetValue: 1
        direction: increase
        kind: cumulative
`;
    expect(onlyError(edit("tasks-minsheng.yaml", "    endDate:", `${target}    endDate:`))).toMatchObject({
      file: "tasks-minsheng.yaml",
      path: "tasks[0].targets[1].key",
      line: 15,
      message: 'duplicate target key "new-urban-jobs" in task MS-03 (also targets[0])',
    });
  });

  it("a duplicate contact key and a second primary contact for one unit", () => {
    const errors = errorsOf(validateSeedFiles(seedFiles({ "contacts-more.yaml": validFiles["contacts.yaml"]! })));
    expect(errors.map((e) => [e.file, e.path, e.line])).toEqual([
      ["contacts.yaml", "contacts[0].key", 2],
      ["contacts.yaml", "contacts[0].units[0].role", 6],
    ]);
    expect(errors[0]!.message).toBe('contact key "c-hrss" is already defined at contacts-more.yaml contacts[0].key');
    expect(errors[1]!.message).toContain('a primary contact for unit "hrss" is already defined');
  });

  it("a non-numeric target value", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "targetValue: 70", "targetValue: 七十万"))).toEqual({
      file: "tasks-minsheng.yaml",
      path: "tasks[0].targets[0].targetValue",
      line: 12,
      column: 22,
      message: 'must be a number, not the text "七十万"',
    });
    expect(onlyError(edit("tasks-minsheng.yaml", "targetValue: 70", 'targetValue: "70"')).message).toBe(
      'must be a number, not the text "70"',
    );
  });

  it("a target value with more decimals than the database keeps", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "targetValue: 70", "targetValue: 70.00001"))).toMatchObject({
      path: "tasks[0].targets[0].targetValue",
      message: "must have at most 4 decimal places and fewer than 16 digits before the point",
    });
  });

  it("a target that points the wrong way from its baseline", () => {
    expect(
      onlyError(edit("tasks-minsheng.yaml", "targetValue: 70", "baseline: 80\n        targetValue: 70")),
    ).toMatchObject({
      path: "tasks[0].targets[0].targetValue",
      line: 13,
      message: "is below the baseline 80 although direction is increase",
    });
  });

  it("bad YAML syntax, with its line", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "title: 促进高质量充分就业", "title: 促进: 高质量充分就业"))).toEqual({
      file: "tasks-minsheng.yaml",
      path: "",
      line: 4,
      column: 12,
      message: "the file is not valid YAML: Nested mappings are not allowed in compact mappings",
    });
    const cascade = onlyError(edit("tasks-minsheng.yaml", "    listKind: project", "   listKind: project"));
    expect(cascade).toMatchObject({ file: "tasks-minsheng.yaml", path: "", line: 5 });
    expect(cascade.message).toMatch(/^the file is not valid YAML: .*\(\d+ more problem\(s\) may follow from it\)$/);
  });

  it("a duplicate mapping key is a syntax error on its line", () => {
    const error = onlyError(edit("tasks-minsheng.yaml", "listKind: project", "listKind: project\n    listKind: task"));
    expect(error).toMatchObject({ file: "tasks-minsheng.yaml", path: "", line: 6 });
    expect(error.message).toContain("not valid YAML");
  });

  it("a missing required field, pointing at the entry that lacks it", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "    title: 促进高质量充分就业\n", ""))).toEqual({
      file: "tasks-minsheng.yaml",
      path: "tasks[0].title",
      line: 3,
      column: 5,
      message: '"title" is required but missing',
    });
    expect(onlyError(edit("tasks-minsheng.yaml", "        kind: cumulative\n", ""))).toMatchObject({
      path: "tasks[0].targets[0].kind",
      line: 9,
      message: "must be one of cumulative, level, rate, not undefined",
    });
  });

  it("a task list that forgets its lead units entirely", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "    lead: [hrss]\n", ""))).toMatchObject({
      path: "tasks[0].lead",
      message: '"lead" is required but missing',
    });
  });

  it("a bad enum value", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "listKind: project", "listKind: projects"))).toEqual({
      file: "tasks-minsheng.yaml",
      path: "tasks[0].listKind",
      line: 5,
      column: 15,
      message: 'must be one of task, project, policy, indicator, not the text "projects"',
    });
    expect(onlyError(edit("cycles.yaml", "cycle: month", "cycle: week"))).toMatchObject({
      file: "cycles.yaml",
      path: "cycles[1].cycle",
      line: 3,
      message: 'must be one of dekad, month, quarter, not the text "week"',
    });
  });

  it("an unknown field, which is usually a misspelling", () => {
    expect(
      onlyError(edit("tasks-minsheng.yaml", "listKind: project", "listKind: project\n    descripton: 说明")),
    ).toMatchObject({
      path: "tasks[0].descripton",
      line: 6,
      message: 'unknown field "descripton" (check the spelling)',
    });
  });

  it("a bad key format, date or timezone", () => {
    expect(onlyError(edit("units.yaml", "key: tax", "key: Tax")).message).toContain(
      'must be a unit key of lower-case letters, digits and hyphens, such as "hrss", not the text "Tax"',
    );
    expect(onlyError(edit("tasks-minsheng.yaml", "endDate: 2023-12-31", "endDate: 2023-12-32"))).toMatchObject({
      path: "tasks[0].endDate",
      message: 'must be a date written YYYY-MM-DD, not the text "2023-12-32"',
    });
    expect(
      onlyError(edit("groups.yaml", "officeUnit: hrss", "timezone: Asia/Changsha\n    officeUnit: hrss")).message,
    ).toBe("is not an IANA timezone such as Asia/Shanghai");
  });

  it("a start date after the end date", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "endDate:", "startDate: 2024-01-01\n    endDate:"))).toMatchObject({
      path: "tasks[0].startDate",
      message: "is after the endDate 2023-12-31",
    });
  });

  it("a task with several lead units whose target does not say which one answers", () => {
    expect(
      onlyError(edit("tasks-minsheng.yaml", "lead: [hrss]\n    participants: [tax]", "lead: [hrss, tax]")),
    ).toMatchObject({
      path: "tasks[0].targets[0].lead",
      line: 8,
      message: expect.stringContaining("is required because task MS-03 has several lead units (hrss, tax)"),
    });
  });

  it("a unit that is both lead and participant", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "participants: [tax]", "participants: [hrss]"))).toMatchObject({
      path: "tasks[0].participants[0]",
      message: 'unit "hrss" is already listed at lead[0]',
    });
  });

  it("a name or alias shared by two units", () => {
    expect(onlyError(edit("units.yaml", "name: 省税务局", "name: 省税务局\n    aliases: [省人社厅]"))).toMatchObject({
      file: "units.yaml",
      path: "units[1].aliases[0]",
      line: 8,
      message: expect.stringContaining('the name "省人社厅"'),
    });
  });

  it("a duplicate cycle and a cycle of an unknown group", () => {
    expect(onlyError(edit("cycles.yaml", "cycle: month", "cycle: dekad"))).toMatchObject({
      path: "cycles[1].cycle",
      message: 'cycle "dekad" of group minsheng is already defined at cycles.yaml cycles[0].cycle',
    });
    expect(
      onlyError(edit("cycles.yaml", "{ group: minsheng, cycle: month }", "{ group: keji, cycle: month }")),
    ).toMatchObject({
      path: "cycles[1].group",
      line: 3,
      message: expect.stringContaining('unknown group "keji"'),
    });
  });

  it("a task list without its group, an empty file, a file with no section", () => {
    expect(onlyError(edit("tasks-minsheng.yaml", "group: minsheng\n", ""))).toMatchObject({
      file: "tasks-minsheng.yaml",
      path: "group",
      line: 1,
      message: '"group" is required beside "tasks": whose tasks are these?',
    });
    expect(onlyError({ "empty.yaml": "# nothing yet\n" })).toEqual({
      file: "empty.yaml",
      path: "",
      message: "the file is empty",
    });
    expect(onlyError({ "other.yaml": "- 1\n- 2\n" }).message).toBe("must be a mapping of fields, not a list");
    expect(onlyError({ "other.yaml": "{}\n" }).message).toContain("holds none of the seed sections");
  });

  it("reports every broken file, in file order, before any cross-file check", () => {
    const errors = errorsOf(
      validateSeedFiles(
        seedFiles({
          ...edit("units.yaml", "key: tax", "key: Tax"),
          ...edit("tasks-minsheng.yaml", "targetValue: 70", "targetValue: lots"),
        }),
      ),
    );
    expect(errors.map((e) => e.file)).toEqual(["tasks-minsheng.yaml", "units.yaml"]);
  });

  it("no files at all", () => {
    expect(errorsOf(validateSeedFiles([]))).toEqual([{ file: "", path: "", message: "no seed files were given" }]);
  });
});

describe("formatSeedError", () => {
  it("prints file:line:column path: message", () => {
    expect(
      formatSeedError({ file: "tasks-minsheng.yaml", path: "tasks[0].listKind", line: 5, column: 15, message: "bad" }),
    ).toBe("tasks-minsheng.yaml:5:15 tasks[0].listKind: bad");
    expect(formatSeedError({ file: "empty.yaml", path: "", message: "the file is empty" })).toBe(
      "empty.yaml: the file is empty",
    );
  });
});

describe("validateSeedFiles: a group's briefing (编发单位, 报送, 抄送)", () => {
  const withBriefing = (lines: string) =>
    edit("groups.yaml", "memberUnits: [hrss, tax]\n", `memberUnits: [hrss, tax]\n    briefing:\n${lines}`);

  it("reads the three lines, each of them optional", () => {
    const result = validateSeedFiles(
      seedFiles(withBriefing("      office: 民生专班办公室\n      sendTo: 省委办公厅、省政府办公厅\n")),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.seed.groups[0]?.briefing).toEqual({ office: "民生专班办公室", sendTo: "省委办公厅、省政府办公厅" });
    const without = validateSeedFiles(seedFiles());
    if (!without.ok) throw new Error("rejected");
    expect(without.seed.groups[0]?.briefing).toBeUndefined();
  });

  it("rejects a misspelt field and an empty line, naming the path", () => {
    expect(onlyError(withBriefing("      cc: 专班各成员单位\n"))).toMatchObject({
      file: "groups.yaml",
      path: "groups[0].briefing.cc",
      message: 'unknown field "cc" (check the spelling)',
    });
    expect(onlyError(withBriefing('      copyTo: "  "\n'))).toMatchObject({
      file: "groups.yaml",
      path: "groups[0].briefing.copyTo",
    });
  });
});
