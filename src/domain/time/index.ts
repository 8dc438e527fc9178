// The time rules (pure, no I/O): working-day calendar, reporting periods, due instants, reminder
// ladder, pace and traffic light, clocks. docs/design.md, "Time".

export {
  addDays,
  assertLocalDate,
  compareLocalDates,
  dateParts,
  daysBetween,
  daysInMonth,
  formatLocalDate,
  isLeapYear,
  isLocalDate,
  isWeekend,
  weekday,
  yearOf,
  LocalDateError,
  MAX_YEAR,
  MIN_YEAR,
  type DateParts,
  type LocalDate,
  type LocalDateErrorCode,
} from "./local-date.js";
export { formatTimeOfDay, isTimeOfDay, minutesOfDay, timeOfDaySchema, type TimeOfDay } from "./time-of-day.js";
export {
  DEFAULT_TIMEZONE,
  isValidTimezone,
  localDateOf,
  localDateTimeOf,
  startOfLocalDay,
  zonedInstant,
  type LocalDateTime,
} from "./zoned.js";
export { chineseDaysTables, type DayTable, type HolidayTables } from "./chinese-days-data.js";
export { calendarOverridesSchema, type CalendarOverrides, type CalendarOverridesInput } from "./calendar-overrides.js";
export {
  calendarWarnings,
  createWorkCalendar,
  type CalendarDay,
  type CalendarWarning,
  type DayKind,
  type DaySource,
  type WorkCalendar,
  type WorkCalendarOptions,
} from "./calendar.js";
export {
  comparePeriods,
  CYCLES,
  formatPeriodId,
  isCycle,
  label,
  nextPeriod,
  parsePeriodId,
  periodContaining,
  periodFirstDay,
  periodLastDay,
  periodStartEnd,
  periodsBetween,
  previousPeriod,
  safeParsePeriodId,
  samePeriod,
  PeriodIdError,
  type Cycle,
  type DekadPeriod,
  type MonthPeriod,
  type Period,
  type PeriodIdErrorCode,
  type PeriodLocale,
  type QuarterPeriod,
} from "./periods.js";
export {
  defaultDueRules,
  dueDate,
  dueInstant,
  dueRuleSchema,
  DEFAULT_DUE_TIME,
  type DueRule,
  type DueRuleInput,
} from "./due-rules.js";
export {
  DEFAULT_QUIET_HOURS,
  isInQuietHours,
  isQuietTime,
  leaveQuietHours,
  quietHoursSchema,
  type QuietHours,
} from "./quiet-hours.js";
export {
  digestAt,
  ladderOffsetSchema,
  ladderStepKindSchema,
  ladderStepSchema,
  planLadder,
  reminderLadderSchema,
  DEFAULT_DIGEST_OFFSET,
  DEFAULT_LADDER,
  type DigestAtOptions,
  type LadderOffset,
  type LadderStep,
  type LadderStepKind,
  type PlanLadderOptions,
  type PlannedStep,
  type ReminderLadder,
  type StepAdjustment,
} from "./reminder-ladder.js";
export {
  completionRatio,
  pace,
  paceOnDate,
  targetMet,
  trafficLight,
  type PaceOptions,
  type TargetDirection,
  type TargetProgress,
  type TrafficLight,
  type TrafficLightInput,
} from "./pace.js";
export { fixedClock, simulatedClock, systemClock, type Clock, type SimulatedClockOptions } from "./clock.js";
