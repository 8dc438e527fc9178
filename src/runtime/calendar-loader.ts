// Loads the working-day calendar: chinese-days plus the override file under seeds/calendar/
// (docs/design.md, "Time"), and words the warning for years without holiday data.

import { readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";

import { translator, type Locale } from "../core/i18n/catalog.js";
import { calendarMessages } from "../core/i18n/messages/calendar.js";
import { calendarWarnings, createWorkCalendar, type WorkCalendar } from "../domain/time/calendar.js";
import { calendarOverridesSchema } from "../domain/time/calendar-overrides.js";
import { packageRoot } from "../package-root.js";

/** The override file shipped with zhuanban (resolved from the package, not the working directory). */
export const DEFAULT_CALENDAR_OVERRIDES = path.join(
  packageRoot(import.meta.url),
  "seeds",
  "calendar",
  "overrides.json",
);

/** The override file is missing, unreadable, not JSON or not valid; `problems` holds one line each. */
export class CalendarFileError extends Error {
  override readonly name = "CalendarFileError";
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(
      problems.length === 1
        ? `calendar overrides ${file}: ${problems[0]}`
        : `calendar overrides ${file}:\n${problems.map((p) => `  ${p}`).join("\n")}`,
      options,
    );
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  const parts = path.filter((p): p is string | number => typeof p !== "symbol");
  return parts.length === 0 ? "(top level)" : parts.map(String).join(".");
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const where = formatPath(issue.path);
    switch (issue.code) {
      case "invalid_key": {
        const inner = issue.issues.map((i) => i.message).join("; ");
        return `${where}: the key ${inner || "is invalid"}`;
      }
      case "unrecognized_keys":
        return `${where}: unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (expected holidays, workdays, $comment)`;
      case "invalid_type":
        return `${where}: must be ${issue.expected === "record" ? "an object" : issue.expected === "string" ? "a text naming the holiday" : issue.expected}`;
      default:
        return `${where}: ${issue.message}`;
    }
  });
}

/**
 * Reads and validates the override file (`calendarOverridesSchema`) and builds the calendar from
 * chinese-days with the overrides on top. Throws {@link CalendarFileError} naming the file and, for
 * an invalid entry, the path inside it (`holidays.2027-13-01: the key must be a date YYYY-MM-DD`).
 */
export async function loadWorkCalendar(path: string = DEFAULT_CALENDAR_OVERRIDES): Promise<WorkCalendar> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a directory"
          : `cannot be read (${code ?? String(cause)})`;
    throw new CalendarFileError(path, [`the file ${reason}`], { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new CalendarFileError(path, [`not valid JSON (${detail})`], { cause });
  }
  const parsed = calendarOverridesSchema.safeParse(json);
  if (!parsed.success) throw new CalendarFileError(path, describeIssues(parsed.error.issues));
  return createWorkCalendar({ overrides: parsed.data });
}

/**
 * The warning to show for each of `years` that has no holiday data (deduplicated, ascending), in
 * `locale`: zh-CN "2027 年节假日安排尚未发布，按周一至周五计算". Empty when every year has data.
 */
export function calendarWarningLines(
  calendar: WorkCalendar,
  years: Iterable<number>,
  locale: Locale = "zh-CN",
): string[] {
  const t = translator(calendarMessages, locale);
  return calendarWarnings(calendar, years).map((w) => t("calendar.noHolidayData", { year: w.year }));
}
