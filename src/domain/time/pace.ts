// 时序进度 (pace) and the 红黄绿灯 (traffic light): progress toward a target judged against the share
// of the task's time that has elapsed.

import { assertLocalDate, daysBetween, formatLocalDate, yearOf, type LocalDate } from "./local-date.js";
import { localDateOf } from "./zoned.js";

/** Input of {@link pace}. */
export interface PaceOptions {
  /** First day of the task's time; default 1 January of `endDate`'s year. */
  startDate?: LocalDate;
  /** Last day of the task's time (inclusive). */
  endDate: LocalDate;
  /** The group's timezone, which decides what day `at` is. */
  timezone: string;
}

/**
 * The share of calendar days from `startDate` to `endDate` (inclusive) completed on `date`: the days
 * before `date` count, `date` itself not yet. 0 on or before the first day, 1 after the last day.
 * For 2023 (365 days): 2023-01-01 → 0, 2023-02-01 → 31/365, 2024-01-01 → 1.
 */
export function paceOnDate(date: LocalDate, options: Omit<PaceOptions, "timezone">): number {
  const end = assertLocalDate(options.endDate);
  const start = assertLocalDate(options.startDate ?? formatLocalDate(yearOf(end), 1, 1));
  const total = daysBetween(start, end) + 1;
  if (total <= 0) throw new RangeError(`pace: endDate ${end} is before startDate ${start}`);
  const elapsed = daysBetween(start, assertLocalDate(date));
  return Math.min(1, Math.max(0, elapsed / total));
}

/**
 * Pace at the instant `at`: {@link paceOnDate} of `at`'s local day in the group's timezone. Whole days
 * only, so it is constant within a day and never decreases as time passes. Judge a period's report
 * at the period's end (its exclusive end instant) to get the share of days up to its last day.
 */
export function pace(at: Date, options: PaceOptions): number {
  return paceOnDate(localDateOf(at, options.timezone), options);
}

/** The traffic light: `done` when the target is met, otherwise green / yellow / red against pace. */
export type TrafficLight = "green" | "yellow" | "red" | "done";

/** Whether a target is met by going up (jobs created) or down (accidents). */
export type TargetDirection = "increase" | "decrease";

/** A target and the progress made toward it, in the target's unit. */
export interface TargetProgress {
  /** The starting value; when absent, an increase counts from 0 and a decrease cannot be measured. */
  baseline?: number | null;
  target: number;
  progress: number;
  direction: TargetDirection;
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

/** Whether the target is met: progress at or above it (increase) or at or below it (decrease). */
export function targetMet(input: TargetProgress): boolean {
  const target = finite("target", input.target);
  const progress = finite("progress", input.progress);
  return input.direction === "increase" ? progress >= target : progress <= target;
}

/**
 * The share of the way from baseline to target covered, unclamped (negative when progress moved the
 * wrong way, above 1 past the target):
 * - increase: (progress - baseline) / (target - baseline), baseline 0 when absent;
 * - decrease: (baseline - progress) / (baseline - target); without a baseline `null` (unmeasurable).
 * When the baseline is already at or beyond the target (no way to go), 1 if the target is met, else 0.
 */
export function completionRatio(input: TargetProgress): number | null {
  const target = finite("target", input.target);
  const progress = finite("progress", input.progress);
  const hasBaseline = input.baseline !== undefined && input.baseline !== null;
  if (input.direction === "decrease" && !hasBaseline) return null;
  const baseline = hasBaseline ? finite("baseline", input.baseline as number) : 0;
  const span = input.direction === "increase" ? target - baseline : baseline - target;
  if (span <= 0) return targetMet(input) ? 1 : 0;
  return (input.direction === "increase" ? progress - baseline : baseline - progress) / span;
}

/** Input of {@link trafficLight}. */
export interface TrafficLightInput extends TargetProgress {
  /** {@link pace} at the moment judged, 0-1. */
  pace: number;
  /** Yellow down to this share of pace; default 0.8. */
  yellowRatio?: number;
}

/**
 * 红黄绿灯: `done` when the target is met; otherwise, with r = {@link completionRatio}, `green` when
 * r ≥ pace, `yellow` when r ≥ yellowRatio × pace, `red` otherwise. A decrease without a baseline
 * (r unknown) is judged conservatively: `green` only while pace is 0 (nothing due yet), `yellow`
 * while time remains, `red` once pace reaches 1 with the target still unmet.
 */
export function trafficLight(input: TrafficLightInput): TrafficLight {
  const p = finite("pace", input.pace);
  const yellowRatio = finite("yellowRatio", input.yellowRatio ?? 0.8);
  if (p < 0 || p > 1) throw new RangeError(`pace must be between 0 and 1, got ${p}`);
  if (yellowRatio < 0 || yellowRatio > 1)
    throw new RangeError(`yellowRatio must be between 0 and 1, got ${yellowRatio}`);
  if (targetMet(input)) return "done";
  const ratio = completionRatio(input);
  if (ratio === null) return p === 0 ? "green" : p < 1 ? "yellow" : "red";
  if (ratio >= p) return "green";
  if (ratio >= yellowRatio * p) return "yellow";
  return "red";
}
