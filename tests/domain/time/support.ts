// Helpers shared by the time-rule tests.

import { createWorkCalendar, localDateTimeOf, zonedInstant } from "../../../src/domain/time/index.js";

export const SHANGHAI = "Asia/Shanghai";

/** The real calendar: chinese-days, no overrides. */
export const calendar = createWorkCalendar();

/** A Shanghai wall-clock time as a UTC instant: `sh("2023-10-11 17:00")`. */
export function sh(dateTime: string): Date {
  const [date, time] = dateTime.split(" ");
  if (!date || !time) throw new Error(`expected "YYYY-MM-DD HH:mm", got ${dateTime}`);
  return zonedInstant(date, time, SHANGHAI);
}

/** A UTC instant as Shanghai wall-clock time `YYYY-MM-DD HH:mm`. */
export function shanghai(instant: Date): string {
  const local = localDateTimeOf(instant, SHANGHAI);
  return `${local.date} ${local.time}`;
}

/** The days from `from` to `to` inclusive. */
export function* days(from: string, to: string): Generator<string> {
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
    yield new Date(t).toISOString().slice(0, 10);
  }
}
