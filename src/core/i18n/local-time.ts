import { localDateTimeOf } from "../../domain/time/zoned.js";
import { translator, type Locale } from "./catalog.js";
import { schedulerMessages } from "./messages/scheduler.js";

/** An instant as the reader's local day and time: `1月20日 17:00` / `Jan 20, 17:00`. */
export function formatLocalInstant(instant: Date, timezone: string, locale: Locale): string {
  const local = localDateTimeOf(instant, timezone);
  const [, month, day] = local.date.split("-").map(Number);
  return translator(schedulerMessages, locale)("time.local", { month: month ?? "", day: day ?? "", time: local.time });
}
