import { beforeAll, describe, expect, it } from "vitest";
import type { SeedSet, SeedTask } from "../../../src/domain/seed/schema.js";
import { seedSetSchema } from "../../../src/domain/seed/schema.js";
import { formatSeedError, validateSeedFiles } from "../../../src/domain/seed/validate.js";
import type { SeedError } from "../../../src/domain/seed/validate.js";
import { DEFAULT_SEED_DIR, readSeedDir } from "../../../src/runtime/seed-files.js";

let seed: SeedSet;
let warnings: SeedError[];

beforeAll(async () => {
  const result = validateSeedFiles(await readSeedDir(DEFAULT_SEED_DIR));
  if (!result.ok) throw new Error(result.errors.map(formatSeedError).join("\n"));
  seed = result.seed;
  warnings = result.warnings;
});

const task = (group: string, key: string): SeedTask => {
  const found = seed.tasks.find((t) => t.group === group && t.key === key);
  if (!found) throw new Error(`no task ${group}/${key}`);
  return found;
};
const target = (group: string, key: string, targetKey: string) => {
  const found = task(group, key).targets.find((t) => t.key === targetKey);
  if (!found) throw new Error(`no target ${key}/${targetKey}`);
  return found;
};

describe("seeds/hunan-2023", () => {
  it("validates, and the merged set passes the whole-set schema too", () => {
    expect(seedSetSchema.safeParse(seed).success).toBe(true);
  });

  it("holds the six groups in the document's order with their full names", () => {
    expect(seed.groups.map((g) => [g.key, g.name])).toEqual([
      ["jingji", "省打好经济增长主动仗工作专班"],
      ["keji", "省打好科技创新攻坚仗工作专班"],
      ["huanjing", "省打好优化发展环境持久仗工作专班"],
      ["fengxian", "省打好防范化解风险阻击仗工作专班"],
      ["anquan", "省打好安全生产翻身仗工作专班"],
      ["minsheng", "省打好重点民生保障仗工作专班"],
    ]);
    expect(seed.groups.every((g) => g.timezone === "Asia/Shanghai" && !g.isExample)).toBe(true);
  });

  it("gives the 民生 group its convenor, deputy, office and member units as the document states", () => {
    const minsheng = seed.groups.find((g) => g.key === "minsheng")!;
    expect(minsheng).toMatchObject({
      convenorTitle: "省政府分管副秘书长",
      deputyTitle: "省人力资源社会保障厅主要负责人",
      officeDescription: "专班办公室设在省人力资源社会保障厅，负责日常协调和调度工作。",
      officeUnit: "hrss",
    });
    const names = minsheng.memberUnits.map((key) => seed.units.find((u) => u.key === key)?.name);
    expect(names).toEqual([
      "省教育厅",
      "省民政厅",
      "省财政厅",
      "省人力资源社会保障厅",
      "省生态环境厅",
      "省住房城乡建设厅",
      "省交通运输厅",
      "省水利厅",
      "省卫生健康委",
      "省统计局",
      "省医保局",
      "省政务局",
      "省妇联",
      "省残联",
      "省税务局",
      "省通信管理局",
      "国网湖南省电力公司",
    ]);
  });

  it("invents no convenor, office or member unit for the five other groups", () => {
    for (const group of seed.groups.filter((g) => g.key !== "minsheng")) {
      expect(group.convenorTitle ?? group.deputyTitle ?? group.officeDescription ?? group.officeUnit).toBeUndefined();
      expect(group.memberUnits).toEqual([]);
    }
  });

  it("has the ten 重点民生实事 with their lead units", () => {
    const leads = Object.fromEntries(
      seed.tasks.filter((t) => t.group === "minsheng" && t.key <= "MS-10").map((t) => [t.key, t.lead]),
    );
    expect(leads).toEqual({
      "MS-01": ["edu"],
      "MS-02": ["gov-service"],
      "MS-03": ["hrss"],
      "MS-04": ["health", "women"],
      "MS-05": ["med-insurance"],
      "MS-06": ["civil-affairs"],
      "MS-07": ["civil-affairs"],
      "MS-08": ["disabled"],
      "MS-09": ["housing", "state-grid"],
      "MS-10": ["transport", "state-grid", "comms", "water", "eco-env"],
    });
  });

  it("has each quantified sub-target by value and with the unit that answers for it", () => {
    expect(target("minsheng", "MS-03", "new-urban-jobs")).toMatchObject({
      metric: "城镇新增就业",
      unitOfMeasure: "万人",
      targetValue: 70,
      direction: "increase",
      kind: "cumulative",
    });
    expect(task("minsheng", "MS-03").targets.map((t) => [t.key, t.targetValue, t.unitOfMeasure])).toEqual([
      ["new-urban-jobs", 70, "万人"],
      ["skills-training", 40, "万人次"],
      ["startup-training", 10, "万人次"],
    ]);
    expect(target("minsheng", "MS-04", "county-mch-standardised")).toMatchObject({ targetValue: 48, lead: "health" });
    expect(target("minsheng", "MS-04", "two-cancer-screening")).toMatchObject({ targetValue: 100, lead: "women" });
    expect(target("minsheng", "MS-07", "urban-dibao")).toMatchObject({
      baseline: 600,
      targetValue: 650,
      unitOfMeasure: "元/月",
      kind: "level",
    });
    expect(target("minsheng", "MS-07", "rural-dibao")).toMatchObject({ baseline: 4600, targetValue: 5000 });
    expect(target("minsheng", "MS-09", "old-communities-started")).toMatchObject({
      targetValue: 2000,
      lead: "housing",
    });
    expect(target("minsheng", "MS-10", "rural-road-upgrade")).toMatchObject({
      targetValue: 5000,
      unitOfMeasure: "公里",
      lead: "transport",
    });
    expect(target("minsheng", "MS-10", "water-storage")).toMatchObject({ targetValue: 5000, lead: "water" });
    expect(target("minsheng", "MS-10", "drinking-water-sources")).toMatchObject({ targetValue: 1000, lead: "eco-env" });
    const tenTargets = seed.tasks.filter((t) => t.group === "minsheng" && t.key <= "MS-10").flatMap((t) => t.targets);
    expect(tenTargets).toHaveLength(30);
  });

  it("has the four 重点监测民生项目", () => {
    expect(["MS-11", "MS-12", "MS-13", "MS-14"].map((key) => task("minsheng", key).title)).toEqual([
      "扩大社会保险覆盖面",
      "改善中职学校办学条件",
      "提高医疗机构重症救治能力",
      "改善生态环境质量",
    ]);
    expect(task("minsheng", "MS-11")).toMatchObject({ lead: ["hrss"], participants: ["tax"] });
    expect(target("minsheng", "MS-11", "pension-insured")).toMatchObject({ targetValue: 5360, unitOfMeasure: "万人" });
    expect(target("minsheng", "MS-14", "water-quality-good-rate")).toMatchObject({
      targetValue: 97.3,
      unitOfMeasure: "%",
    });
  });

  it("has the economic group's main targets as indicators", () => {
    const indicators = seed.tasks.filter((t) => t.group === "jingji" && t.listKind === "indicator");
    expect(indicators.map((t) => [t.key, t.targets[0]?.targetValue])).toEqual([
      ["JJ-01", 6.5],
      ["JJ-02", 3.5],
      ["JJ-03", 7],
      ["JJ-04", 7],
      ["JJ-05", 7.5],
      ["JJ-06", 7],
      ["JJ-07", 10],
    ]);
    expect(target("jingji", "JJ-01", "gdp-growth")).toMatchObject({ unitOfMeasure: "%", kind: "rate" });
    expect(seed.tasks.filter((t) => t.title.startsWith("十大基础设施项目："))).toHaveLength(10);
  });

  it("has the science group's quantified targets", () => {
    const values = seed.tasks
      .filter((t) => t.group === "keji")
      .flatMap((t) => t.targets.map((x) => `${x.metric} ${x.targetValue}${x.unitOfMeasure}`));
    expect(values).toEqual([
      "全社会研发经费支出增速 12%",
      "净增高新技术企业 1000家",
      "高新技术产业增加值增速 10%",
      "技术合同成交额增速 15%",
      "入库科技型中小企业净增 2000家",
      "新增国家级科技创新平台 15个",
      "突破关键核心技术 100项",
    ]);
  });

  it("gives every task a source and the 2023 year end, and keys that are unique across groups", () => {
    expect(seed.tasks.filter((t) => !t.source)).toEqual([]);
    expect(new Set(seed.tasks.map((t) => t.endDate))).toEqual(new Set(["2023-12-31"]));
    expect(new Set(seed.tasks.map((t) => t.key)).size).toBe(seed.tasks.length);
    expect(seed.tasks.every((t) => !t.isExample)).toBe(true);
  });

  it("assigns lead units only where the document names them", () => {
    const withLead = seed.tasks.filter((t) => t.lead.length > 0);
    expect(new Set(withLead.map((t) => t.group))).toEqual(new Set(["minsheng"]));
    expect(warnings.every((w) => w.message.includes("have no lead unit"))).toBe(true);
    expect(warnings.map((w) => w.file)).toEqual([
      "tasks-anquan.yaml",
      "tasks-fengxian.yaml",
      "tasks-huanjing.yaml",
      "tasks-jingji.yaml",
      "tasks-keji.yaml",
    ]);
  });

  it("has one example primary contact per lead unit, and example 民生 convenor, deputy and office", () => {
    expect(seed.contacts.every((c) => c.isExample && c.name.startsWith("示例"))).toBe(true);
    const leadUnits = new Set(seed.tasks.flatMap((t) => t.lead));
    const primaries = seed.contacts.flatMap((c) => c.units.filter((u) => u.role === "primary").map((u) => u.unit));
    expect(new Set(primaries)).toEqual(leadUnits);
    expect(primaries).toHaveLength(leadUnits.size);
    expect(seed.contacts.find((c) => c.key === "c-hrss")).toMatchObject({
      name: "示例联络人（省人社厅）",
      units: [{ unit: "hrss", role: "primary" }],
    });
    const roles = seed.contacts.flatMap((c) =>
      c.groups.filter((g) => g.role !== "reporter").map((g) => [c.key, g.role]),
    );
    expect(roles).toEqual([
      ["c-ms-convenor", "convenor"],
      ["c-ms-deputy", "deputy"],
      ["c-ms-office", "office"],
    ]);
  });

  it("enables 旬, 月 and 季 for every group with the default due rules", () => {
    for (const group of seed.groups) {
      const cycles = seed.cycles.filter((c) => c.group === group.key);
      expect(cycles.map((c) => c.cycle)).toEqual(["dekad", "month", "quarter"]);
      expect(cycles.every((c) => c.enabled && c.dueRule === null && c.ladder === null)).toBe(true);
    }
  });

  it("knows the names users type for units", () => {
    const hrss = seed.units.find((u) => u.key === "hrss")!;
    expect([hrss.name, hrss.shortName, ...hrss.aliases]).toContain("省人社厅");
    expect(seed.units).toHaveLength(17);
  });
});
