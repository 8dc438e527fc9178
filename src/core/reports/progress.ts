import { completionRatio, pace, trafficLight } from "../../domain/time/pace.js";
import type { Light } from "../chat/outbound.js";
import type { TaskTarget } from "./ports.js";

/** A target judged at an instant: how far it is, against how far time has gone. */
export interface TargetJudgement {
  completion: number | null;
  pace: number;
  light: Light;
}

/**
 * Judges a reported value against its target and the task's pace (时序进度) at `at`.
 * Without an end date there is no pace to compare with, so the light reflects only whether
 * the target is met.
 */
export function judgeTarget(
  target: TaskTarget,
  value: number | null,
  task: { startDate: string | null; endDate: string | null },
  at: Date,
  timezone: string,
): TargetJudgement {
  const taskPace = task.endDate ? paceOf(task.startDate, task.endDate, at, timezone) : 0;
  if (value === null) return { completion: null, pace: taskPace, light: "none" };
  const input = {
    baseline: target.baseline,
    target: target.targetValue,
    progress: value,
    direction: target.direction,
  };
  return {
    completion: completionRatio(input),
    pace: taskPace,
    light: trafficLight({ ...input, pace: taskPace }),
  };
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

/** The worst light of several targets decides the task's light; done only when all are done. */
export function combineLights(lights: readonly Light[]): Light {
  const order: Light[] = ["red", "yellow", "none", "green", "done"];
  if (lights.length === 0) return "none";
  return order.find((light) => lights.includes(light)) ?? "none";
}

export function percent(ratio: number | null): string {
  return ratio === null ? "-" : `${Math.round(ratio * 1000) / 10}%`;
}
