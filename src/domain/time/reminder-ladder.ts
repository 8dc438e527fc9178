// The reminder ladder: messages before, at and after a period's due instant (docs/design.md, "Time"),
// and when the period's digest is posted.

import { z } from "zod";

import type { WorkCalendar } from "./calendar.js";
import { type LocalDate } from "./local-date.js";
import { periodStartEnd, type Period } from "./periods.js";
import { DEFAULT_QUIET_HOURS, isQuietTime, leaveQuietHours, type QuietHours } from "./quiet-hours.js";
import { timeOfDaySchema } from "./time-of-day.js";
import { DEFAULT_TIMEZONE, localDateOf, localDateTimeOf, zonedInstant } from "./zoned.js";

/** What a step is: a reminder to the lead unit's contacts, a chase after the deadline, an escalation. */
export const ladderStepKindSchema = z.enum(["reminder", "chase", "escalation"]);
/** What a step is. */
export type LadderStepKind = z.output<typeof ladderStepKindSchema>;

/**
 * When a step fires, relative to the due instant: `{ workingDays, at }` is the working day `workingDays`
 * working days from the due day (negative before, 0 the due day itself) at the time `at`;
 * `{ hours }` is that many hours from the due instant (negative before; fractions allowed).
 */
export const ladderOffsetSchema = z.union([
  z.strictObject({ workingDays: z.int().min(-30).max(30), at: timeOfDaySchema }),
  z.strictObject({ hours: z.number().min(-720).max(720) }),
]);
/** A step's offset from the due instant. */
export type LadderOffset = z.output<typeof ladderOffsetSchema>;

/** zod schema of one ladder step; `key` names the stage in outbox keys (`early`, `chase`). */
export const ladderStepSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, { error: "must be lower-case letters, digits and hyphens" }),
  kind: ladderStepKindSchema,
  offset: ladderOffsetSchema,
});
/** One step of a ladder. */
export type LadderStep = z.output<typeof ladderStepSchema>;

/** zod schema of a group's ladder: up to 20 steps with distinct keys (an empty ladder sends nothing). */
export const reminderLadderSchema = z
  .array(ladderStepSchema)
  .max(20)
  .superRefine((steps, ctx) => {
    const seen = new Set<string>();
    steps.forEach((step, i) => {
      if (seen.has(step.key))
        ctx.addIssue({ code: "custom", path: [i, "key"], message: `"${step.key}" is used twice` });
      seen.add(step.key);
    });
  });
/** A validated ladder. */
export type ReminderLadder = z.output<typeof reminderLadderSchema>;

/** docs/design.md's default ladder for each lead unit's contacts. */
export const DEFAULT_LADDER: ReminderLadder = [
  { key: "early", kind: "reminder", offset: { workingDays: -2, at: "09:00" } },
  { key: "due-day", kind: "reminder", offset: { workingDays: 0, at: "09:00" } },
  { key: "before", kind: "reminder", offset: { hours: -2 } },
  { key: "chase", kind: "chase", offset: { hours: 1 } },
  { key: "escalation", kind: "escalation", offset: { workingDays: 1, at: "09:00" } },
];

/**
 * When the period's digest is posted, relative to the due instant: by default with the escalation,
 * at 09:00 on the next working day, so it lists the units still missing then.
 */
export const DEFAULT_DIGEST_OFFSET: LadderOffset = { workingDays: 1, at: "09:00" };

/** What moved a step from its nominal instant. */
export type StepAdjustment = "quiet_hours" | "non_working_day";

/** A step placed in time. */
export interface PlannedStep {
  key: string;
  kind: LadderStepKind;
  /** When to send it (UTC). */
  at: Date;
  /** Where the offset alone put it, before quiet hours and non-working days moved it. */
  nominalAt: Date;
  /** What moved it, in the order applied; empty when `at` equals `nominalAt`. */
  adjustments: StepAdjustment[];
}

interface Placement {
  dueAt: Date;
  dueDay: LocalDate;
  calendar: WorkCalendar;
  timezone: string;
  quietHours: QuietHours;
}

function place(offset: LadderOffset, p: Placement): Pick<PlannedStep, "at" | "nominalAt" | "adjustments"> {
  const nominalAt =
    "hours" in offset
      ? new Date(p.dueAt.getTime() + Math.round(offset.hours * 3_600_000))
      : zonedInstant(p.calendar.addWorkingDays(p.dueDay, offset.workingDays), offset.at, p.timezone);
  const adjustments: StepAdjustment[] = [];

  let at = leaveQuietHours(p.quietHours, nominalAt, p.timezone);
  if (at.getTime() !== nominalAt.getTime()) adjustments.push("quiet_hours");

  const day = localDateOf(at, p.timezone);
  if (day !== p.dueDay && !p.calendar.isWorkingDay(day)) {
    const preferred = "at" in offset ? offset.at : p.quietHours.moveTo;
    const time = isQuietTime(p.quietHours, preferred) ? p.quietHours.moveTo : preferred;
    at = zonedInstant(p.calendar.nextWorkingDay(day), time, p.timezone);
    adjustments.push("non_working_day");
  }
  return { at, nominalAt, adjustments };
}

/** Input of {@link planLadder}. */
export interface PlanLadderOptions {
  period: Period;
  /** The period's due instant (see `dueInstant`). */
  dueAt: Date;
  ladder?: ReminderLadder;
  quietHours?: QuietHours;
  calendar: WorkCalendar;
  /** The group's timezone; default Asia/Shanghai. */
  timezone?: string;
}

/**
 * Places each ladder step in time, in the group's timezone:
 * 1. the offset gives the nominal instant (working-day offsets count from the due instant's local day);
 * 2. inside quiet hours, it moves to the next `moveTo` (the same morning after midnight, the next
 *    morning in the evening);
 * 3. on a non-working day other than the due instant's own day, it moves to the next working day at
 *    the step's `at` time (hour offsets: at `moveTo`; an `at` inside quiet hours: at `moveTo`);
 * 4. a step before the period's start (local 00:00 of its first day) is dropped, and so is a
 *    `reminder` that ends up after the due instant (e.g. a 2-hours-before reminder of a 00:30 deadline,
 *    moved out of quiet hours to 08:30): reminders announce a deadline still ahead.
 *
 * The result is ordered by time; steps at the same instant keep the ladder's order. A step at the same
 * instant as an earlier step of the same kind is dropped (the contact would get two identical
 * reminders at once); steps of different kinds at one instant are both kept, since they go to
 * different people (a chase to the contact, an escalation to the convenor and office).
 */
export function planLadder(options: PlanLadderOptions): PlannedStep[] {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const placement: Placement = {
    dueAt: options.dueAt,
    dueDay: localDateTimeOf(options.dueAt, timezone).date,
    calendar: options.calendar,
    timezone,
    quietHours: options.quietHours ?? DEFAULT_QUIET_HOURS,
  };
  const periodStart = periodStartEnd(options.period, timezone).start.getTime();

  const placed = (options.ladder ?? DEFAULT_LADDER)
    .map((step, index) => ({ index, step: { key: step.key, kind: step.kind, ...place(step.offset, placement) } }))
    .filter(({ step }) => step.at.getTime() >= periodStart)
    .filter(({ step }) => step.kind !== "reminder" || step.at.getTime() <= options.dueAt.getTime())
    .sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.index - b.index)
    .map(({ step }) => step);

  return placed.filter(
    (step, i) =>
      !placed.slice(0, i).some((prior) => prior.kind === step.kind && prior.at.getTime() === step.at.getTime()),
  );
}

/** Input of {@link digestAt}. */
export interface DigestAtOptions {
  dueAt: Date;
  calendar: WorkCalendar;
  timezone?: string;
  quietHours?: QuietHours;
  /** Default {@link DEFAULT_DIGEST_OFFSET}: the next working day at 09:00, with the escalation. */
  offset?: LadderOffset;
}

/**
 * When the period's digest is posted: `offset` from the due instant, moved out of quiet hours and
 * off non-working days like a ladder step. By default the same instant as the default escalation.
 */
export function digestAt(options: DigestAtOptions): Date {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  return place(options.offset ?? DEFAULT_DIGEST_OFFSET, {
    dueAt: options.dueAt,
    dueDay: localDateOf(options.dueAt, timezone),
    calendar: options.calendar,
    timezone,
    quietHours: options.quietHours ?? DEFAULT_QUIET_HOURS,
  }).at;
}
