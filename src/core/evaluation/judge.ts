import { completionRatio, pace, targetMet, trafficLight } from "../../domain/time/pace.js";
import type { ReportStatus } from "../../domain/report/types.js";
import type { Light } from "../chat/outbound.js";
import type { TaskTarget } from "../reports/ports.js";
import type { TargetEvaluation } from "./types.js";

/** The dates a target's task runs between, for 时序进度. */
export interface TaskDates {
  startDate: string | null;
  endDate: string | null;
}

/**
 * A target judged at `judgedAt` (see ./index.ts for the rules per kind). Pure; also used by the
 * report confirmation, which judges the period it was reported for, never "now".
 */
export function judgeTarget(
  target: TaskTarget,
  value: number | null,
  task: TaskDates,
  judgedAt: Date,
  timezone: string,
): TargetEvaluation {
  const cumulative = target.kind === "cumulative";
  const taskPace = task.endDate ? paceOf(task.startDate, task.endDate, judgedAt, timezone) : null;
  const shownPace = cumulative ? taskPace : null;
  if (value === null) {
    return { target, kind: target.kind, value, completion: null, pace: shownPace, met: null, light: "none" };
  }
  const input = {
    baseline: target.baseline,
    target: target.targetValue,
    progress: value,
    direction: target.direction,
  };
  const met = targetMet(input);
  const completion = completionRatio(input);
  let light: Light;
  if (cumulative) light = trafficLight({ ...input, pace: taskPace ?? 0 });
  // A level or rate is met or not: unmet is a warning while the task runs, red once its time is up.
  else light = met ? "done" : taskPace !== null && taskPace >= 1 ? "red" : "yellow";
  return { target, kind: target.kind, value, completion, pace: shownPace, met, light };
}

// The last pace worked out: a status or digest judges thousands of targets at one instant, of tasks
// that mostly share their dates (parsing the dates for each cost a large group tens of ms).
let lastPace: { startDate: string | null; endDate: string; at: number; timezone: string; pace: number } | null = null;

function paceOf(startDate: string | null, endDate: string, at: Date, timezone: string): number {
  const last = lastPace;
  if (
    last &&
    last.at === at.getTime() &&
    last.endDate === endDate &&
    last.startDate === startDate &&
    last.timezone === timezone
  ) {
    return last.pace;
  }
  const value = pace(at, { endDate, timezone, ...(startDate ? { startDate } : {}) });
  lastPace = { startDate, endDate, at: at.getTime(), timezone, pace: value };
  return value;
}

const SEVERITY: Record<Light, number> = { red: 4, yellow: 3, green: 2, done: 1, none: 0 };

/**
 * A task's light: the worst light of its targets that have a value (red, yellow, green, done), and
 * `done` only when every target is done (one done and one without a value is green); then made
 * worse by what the units themselves said (滞后 red, 存在风险 yellow). Without any value, the units'
 * statuses alone decide (all 已完成 done, any report green); with nothing reported, `none`.
 */
export function taskLight(
  targets: readonly Pick<TargetEvaluation, "light" | "value">[],
  statuses: readonly ReportStatus[],
): Light {
  const valued = targets.filter((t) => t.value !== null).map((t) => t.light);
  let light: Light = "none";
  if (valued.length > 0) {
    light = valued.reduce((worst, l) => (SEVERITY[l] > SEVERITY[worst] ? l : worst), "done" as Light);
    if (light === "done" && valued.length < targets.length) light = "green";
  } else if (statuses.length > 0) {
    light = statuses.every((s) => s === "done") ? "done" : "green";
  }
  if (statuses.includes("behind")) return "red";
  if (statuses.includes("at_risk") && SEVERITY[light] < SEVERITY.yellow) return "yellow";
  return light;
}
