import { describe, expect, it } from "vitest";
import { judgeTarget, percent, taskLight } from "../../src/core/evaluation/index.js";
import type { TaskTarget } from "../../src/core/reports/ports.js";

const target: TaskTarget = {
  id: "t",
  key: "jobs",
  metric: "城镇新增就业",
  unitOfMeasure: "万人",
  baseline: null,
  targetValue: 100,
  direction: "increase",
  kind: "cumulative",
  minValue: null,
  maxValue: null,
  leadUnitId: null,
};
const year = { startDate: "2023-01-01", endDate: "2023-12-31" };
const secondHalf = { startDate: "2023-07-01", endDate: "2023-12-31" };
const tz = "Asia/Shanghai";
const jan18 = new Date("2023-01-18T01:00:00Z"); // 17 of 365 days done: pace 4.7%

// judgeTarget remembers the last pace it worked out (thousands of targets share their task's dates
// at one instant); judging tasks and instants in turn must still give each its own pace.
describe("judgeTarget", () => {
  it("gives each task and instant its own pace when judged in turn", () => {
    const july = new Date("2023-07-02T02:00:00Z"); // 2023-07-02 in Shanghai: 182 of 365 days done
    const march = new Date("2023-03-01T02:00:00Z"); // 59 days done
    for (let round = 0; round < 2; round += 1) {
      expect(judgeTarget(target, 50, year, july, tz)).toMatchObject({ pace: 182 / 365, light: "green" });
      expect(judgeTarget(target, 50, secondHalf, july, tz)).toMatchObject({ pace: 1 / 184, light: "green" });
      expect(judgeTarget(target, 10, year, march, tz)).toMatchObject({ pace: 59 / 365, light: "red" });
      expect(judgeTarget(target, 10, { ...year, startDate: null }, march, tz).pace).toBe(59 / 365);
      expect(judgeTarget(target, 10, year, march, "America/Los_Angeles").pace).toBe(58 / 365);
      expect(judgeTarget(target, null, { startDate: null, endDate: null }, march, tz)).toMatchObject({
        completion: null,
        pace: null,
        met: null,
        light: "none",
      });
    }
  });

  // Issue 13: 时序进度 was applied to levels and rates (城市低保标准 650元/月，时序进度 4.7%;
  // 参保人数 5300/5360万人 lit green against a 4.7% pace).
  it("judges a level or a rate as met or not, without pace", () => {
    const insured: TaskTarget = { ...target, metric: "基本养老保险参保人数", targetValue: 5360, kind: "level" };
    const unmet = judgeTarget(insured, 5300, year, jan18, tz);
    expect(unmet).toMatchObject({ pace: null, met: false, light: "yellow" });
    expect(judgeTarget(insured, 5360, year, jan18, tz)).toMatchObject({ pace: null, met: true, light: "done" });
    // Unmet once the task's time is over: red.
    expect(judgeTarget(insured, 5300, year, new Date("2024-01-02T00:00:00Z"), tz).light).toBe("red");
    const allowance: TaskTarget = {
      ...target,
      metric: "城市低保标准",
      unitOfMeasure: "元/月",
      targetValue: 650,
      kind: "level",
    };
    expect(judgeTarget(allowance, 650, year, jan18, tz)).toMatchObject({ pace: null, light: "done" });
    const growth: TaskTarget = {
      ...target,
      metric: "地区生产总值增速",
      unitOfMeasure: "%",
      targetValue: 6.5,
      kind: "rate",
    };
    expect(judgeTarget(growth, 4.5, year, jan18, tz)).toMatchObject({ pace: null, met: false, light: "yellow" });
    // The same figure as a cumulative total is judged against pace.
    expect(judgeTarget({ ...insured, kind: "cumulative" }, 12.5, year, jan18, tz).pace).toBeCloseTo(17 / 365);
  });

  it("meets a decreasing target at or below it", () => {
    const accidents: TaskTarget = { ...target, direction: "decrease", baseline: 100, targetValue: 80, kind: "level" };
    expect(judgeTarget(accidents, 79, year, jan18, tz)).toMatchObject({ met: true, light: "done" });
    expect(judgeTarget(accidents, 90, year, jan18, tz)).toMatchObject({ met: false, light: "yellow" });
  });
});

describe("taskLight", () => {
  // Issue 13: a task with one of two targets reported showed ⚪ and counted as 无数据.
  it("lights a task from its reported targets, not ⚪ when one target is still empty", () => {
    expect(
      taskLight(
        [
          { light: "green", value: 12.5 },
          { light: "none", value: null },
        ],
        ["on_track"],
      ),
    ).toBe("green");
    expect(
      taskLight(
        [
          { light: "done", value: 70 },
          { light: "none", value: null },
        ],
        ["on_track"],
      ),
    ).toBe("green");
    expect(
      taskLight(
        [
          { light: "done", value: 70 },
          { light: "done", value: 1 },
        ],
        ["on_track"],
      ),
    ).toBe("done");
    expect(
      taskLight(
        [
          { light: "green", value: 1 },
          { light: "red", value: 0 },
        ],
        [],
      ),
    ).toBe("red");
    expect(taskLight([{ light: "none", value: null }], [])).toBe("none");
    expect(taskLight([], ["on_track"])).toBe("green");
    expect(taskLight([{ light: "green", value: 1 }], ["behind"])).toBe("red");
    expect(taskLight([{ light: "done", value: 1 }], ["at_risk"])).toBe("yellow");
  });
});

describe("percent", () => {
  // Issue 13: digests rounded to whole percent while /status showed one decimal.
  it("shows one decimal everywhere", () => {
    expect(percent(12.5 / 70)).toBe("17.9%");
    expect(percent(17 / 365)).toBe("4.7%");
    expect(percent(1.2)).toBe("120%");
    expect(percent(-0.2)).toBe("0%");
    expect(percent(null)).toBe("-");
  });
});
