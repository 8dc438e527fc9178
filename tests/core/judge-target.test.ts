import { describe, expect, it } from "vitest";
import { judgeTarget } from "../../src/core/reports/progress.js";
import type { TaskTarget } from "../../src/core/reports/ports.js";

const target: TaskTarget = {
  id: "t",
  key: "jobs",
  metric: "城镇新增就业",
  unitOfMeasure: "万人",
  baseline: null,
  targetValue: 100,
  direction: "increase",
  cumulative: true,
  leadUnitId: null,
};
const year = { startDate: "2023-01-01", endDate: "2023-12-31" };
const secondHalf = { startDate: "2023-07-01", endDate: "2023-12-31" };
const tz = "Asia/Shanghai";

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
      expect(judgeTarget(target, null, { startDate: null, endDate: null }, march, tz)).toEqual({
        completion: null,
        pace: 0,
        light: "none",
      });
    }
  });
});
