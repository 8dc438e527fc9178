import { describe, expect, it } from "vitest";
import { checkSeedSet, formatPath } from "../../../src/domain/seed/check.js";
import { seedSetSchema, tasksFileSchema } from "../../../src/domain/seed/schema.js";
import type { SeedSet } from "../../../src/domain/seed/schema.js";

const set = (): SeedSet =>
  seedSetSchema.parse({
    units: [{ key: "hrss", name: "省人力资源社会保障厅" }],
    groups: [{ key: "minsheng", name: "民生专班", memberUnits: ["hrss"] }],
    tasks: [
      {
        group: "minsheng",
        key: "MS-03",
        title: "促进高质量充分就业",
        listKind: "project",
        lead: ["hrss"],
        endDate: "2023-12-31",
      },
    ],
    contacts: [{ key: "c-hrss", name: "示例", units: [{ unit: "hrss", role: "primary" }] }],
    cycles: [{ group: "minsheng", cycle: "month" }],
  });

describe("seedSetSchema", () => {
  it("checks cross-references on the merged set, with merged paths", () => {
    const broken = set();
    broken.tasks[0]!.lead = ["edu"];
    const result = seedSetSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [formatPath(i.path), i.message])).toEqual([
      ["tasks[0].lead[0]", 'unknown unit "edu": no unit with this key in any units section'],
    ]);
  });
});

describe("checkSeedSet", () => {
  it("finds nothing wrong with a sound set", () => {
    expect(checkSeedSet(set())).toEqual({ errors: [], warnings: [] });
  });

  it("names the earlier place of a duplicate with the describer it is given", () => {
    const twice = set();
    twice.units.push({ key: "hrss", name: "另一个", aliases: [], isExample: false });
    const { errors } = checkSeedSet(twice, (path) => `<${formatPath(path)}>`);
    expect(errors).toEqual([
      { path: ["units", 1, "key"], message: 'unit key "hrss" is already defined at <units[0].key>' },
    ]);
  });

  it("warns about a lead unit outside the group's members and a group without cycles", () => {
    const loose = set();
    loose.units.push({ key: "edu", name: "省教育厅", aliases: [], isExample: false });
    loose.tasks[0]!.participants = ["edu"];
    loose.cycles = [];
    expect(checkSeedSet(loose).warnings.map((w) => w.message)).toEqual([
      'unit "edu" is not among the member units of group minsheng',
      "group minsheng has no enabled reporting cycle",
    ]);
  });
});

describe("tasksFileSchema", () => {
  it("is strict about the file's top level", () => {
    const result = tasksFileSchema.safeParse({ group: "minsheng", tasks: [], extra: 1 });
    expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["extra"] });
  });
});
