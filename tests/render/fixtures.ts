import type { DigestContent, DigestRow } from "../../src/core/digest/digest-content.js";

/** Text a user might type that looks like markup or a mention; every renderer must show it literally. */
export const INJECTION = "<script>alert(1)</script> *bold* <@U123> a|b";

const row = (overrides: Partial<DigestRow>): DigestRow => ({
  taskKey: "MS-03",
  taskTitle: "稳就业",
  unitName: "省人力资源社会保障厅",
  metric: "城镇新增就业",
  value: 12.5,
  unitOfMeasure: "万人",
  targetValue: 70,
  status: "正常推进",
  submittedAt: "2023-01-20T08:30:00.000Z",
  timeliness: "on_time",
  late: false,
  version: 1,
  corrected: false,
  completion: 12.5 / 70,
  pace: 0.05,
  light: "green",
  progress: "新增就业12.5万人。",
  problems: "",
  nextSteps: "",
  coordination: "",
  ...overrides,
});

/** A 旬简报 of the 民生 group for 2023年1月中旬: three tasks, one unit missing, notes with odd text. */
export function dekadDigest(): DigestContent {
  return {
    kind: "dekad",
    group: { key: "minsheng", name: "省打好重点民生保障仗工作专班" },
    period: {
      id: "2023-01-X2",
      label: "2023年1月中旬",
      dueAt: "2023-01-20T09:00:00.000Z",
      startDate: "2023-01-11",
      endDate: "2023-01-20",
    },
    builtAt: "2023-01-20T16:30:00.000Z",
    final: true,
    locale: "zh-CN",
    headline: {
      tasks: 3,
      expected: 3,
      reported: 2,
      onTime: 1,
      late: 1,
      missing: 1,
      pending: 0,
      corrected: 0,
      lights: { green: 1, yellow: 1, red: 0, done: 0, none: 1 },
    },
    missingUnits: [{ key: "edu", name: "省教育厅", tasks: ["MS-07"] }],
    tasks: [
      {
        key: "MS-03",
        title: "稳就业",
        leadUnits: ["省人力资源社会保障厅"],
        light: "green",
        reportedUnits: ["省人力资源社会保障厅"],
        missingUnits: [],
        targets: [
          {
            key: "jobs",
            metric: "城镇新增就业",
            unitOfMeasure: "万人",
            targetValue: 70,
            direction: "increase",
            kind: "cumulative",
            progress: 12.5,
            completion: 12.5 / 70,
            pace: 0.05,
            light: "green",
          },
          {
            key: "rate",
            metric: "城镇调查失业率",
            unitOfMeasure: "%",
            targetValue: 5.5,
            direction: "decrease",
            kind: "cumulative",
            progress: 5.2,
            completion: 1,
            pace: 0.05,
            light: "green",
          },
        ],
      },
      {
        key: "MS-05",
        title: "兜牢基本民生底线",
        leadUnits: ["省民政厅"],
        light: "yellow",
        reportedUnits: ["省民政厅"],
        missingUnits: [],
        targets: [
          {
            key: "funds",
            metric: "资金到位",
            unitOfMeasure: "万元",
            targetValue: 12000,
            direction: "increase",
            kind: "cumulative",
            progress: 300,
            completion: 0.025,
            pace: 0.3,
            light: "yellow",
          },
        ],
      },
      {
        key: "MS-07",
        title: "办好教育",
        leadUnits: ["省教育厅"],
        light: "none",
        reportedUnits: [],
        missingUnits: ["省教育厅"],
        targets: [],
      },
    ],
    notes: [
      {
        taskKey: "MS-05",
        taskTitle: "兜牢基本民生底线",
        unitName: "省民政厅",
        problems: "资金拨付偏慢",
        coordination: "",
        nextSteps: "加快拨付",
      },
      {
        taskKey: "MS-03",
        taskTitle: "稳就业",
        unitName: "省人力资源社会保障厅",
        problems: INJECTION,
        coordination: "请省财政厅支持",
        nextSteps: "",
      },
    ],
    rows: [
      row({ problems: INJECTION, coordination: "请省财政厅支持" }),
      row({ metric: "城镇调查失业率", value: 5.2, unitOfMeasure: "%", targetValue: 5.5, completion: 1 }),
      row({
        taskKey: "MS-05",
        taskTitle: "兜牢基本民生底线",
        unitName: "省民政厅",
        metric: "资金到位",
        value: 300,
        unitOfMeasure: "万元",
        targetValue: 12000,
        status: "存在风险",
        submittedAt: "2023-01-20T15:10:00.000Z",
        late: true,
        version: 2,
        completion: 0.025,
        pace: 0.3,
        light: "yellow",
        progress: "=1+1",
        problems: "资金拨付偏慢",
        nextSteps: "加快拨付",
      }),
      row({
        taskKey: "MS-07",
        taskTitle: "办好教育",
        unitName: "省教育厅",
        metric: "",
        value: null,
        unitOfMeasure: "",
        targetValue: null,
        status: "",
        submittedAt: null,
        version: null,
        completion: null,
        pace: null,
        light: "none",
        progress: "",
      }),
    ],
  };
}

/** The 月通报 of January: the 旬简报's data plus a timeliness ranking. */
export function monthDigest(): DigestContent {
  const base = dekadDigest();
  return {
    ...base,
    kind: "month",
    period: { ...base.period, id: "2023-M01", label: "2023年1月", startDate: "2023-01-01", endDate: "2023-01-31" },
    timeliness: [
      { rank: 1, unitName: "省人力资源社会保障厅", expected: 3, onTime: 3, late: 0, missing: 0, pending: 0, score: 1 },
      { rank: 2, unitName: "省民政厅", expected: 3, onTime: 2, late: 1, missing: 0, pending: 0, score: 2.5 / 3 },
      { rank: 3, unitName: "省教育厅", expected: 3, onTime: 0, late: 1, missing: 2, pending: 0, score: 0.5 / 3 },
    ],
  };
}

/** The 季总结 of Q1: with the 城镇新增就业 trend over the quarter's 旬. */
export function quarterDigest(): DigestContent {
  const base = dekadDigest();
  return {
    ...base,
    kind: "quarter",
    period: { ...base.period, id: "2023-Q1", label: "2023年第一季度", startDate: "2023-01-01", endDate: "2023-03-31" },
    trends: [
      {
        taskKey: "MS-03",
        metric: "城镇新增就业",
        unitOfMeasure: "万人",
        points: [
          { periodId: "2023-01-X1", label: "1月上旬", value: 4 },
          { periodId: "2023-01-X2", label: "1月中旬", value: 12.5 },
          { periodId: "2023-01-X3", label: "1月下旬", value: null },
        ],
      },
    ],
  };
}
