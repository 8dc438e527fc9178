// The State Council holiday arrangements as the chinese-days package publishes them.
//
// We read the package's documented JSON tables (dist/chinese-days.json: `holidays` and `workdays`
// keyed by YYYY-MM-DD, built when the package is published) rather than calling its functions: those
// build their tables at import time with local-time Date arithmetic and answer wrongly when the
// process runs west of UTC (under TZ=America/New_York, isWorkday says 2004-01-01 is a working day and
// getDayDetail("2023-01-28") reports 2023-01-27). The tables also tell which years it knows.

import data from "chinese-days/dist/chinese-days.json" with { type: "json" };

/** A holiday-arrangement table: date (`YYYY-MM-DD`) to the name of the holiday it belongs to. */
export type DayTable = Readonly<Record<string, string>>;

/** Statutory days off (including the weekend days folded into a holiday) and 调休 make-up working days. */
export interface HolidayTables {
  holidays: DayTable;
  workdays: DayTable;
}

const tables = data as unknown as HolidayTables;

/** The tables shipped with chinese-days (2004 to the last notice its release includes). */
export const chineseDaysTables: HolidayTables = { holidays: tables.holidays, workdays: tables.workdays };
