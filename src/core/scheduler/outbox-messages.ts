// The messages the scheduler enqueues for people: a reminder or chase to a lead unit's contact
// (with the blank template and a 填报 button), an escalation to the convenor and office.

import { blankTemplate } from "../../domain/report/example.js";
import { label as periodLabel, type Period } from "../../domain/time/periods.js";
import { localDateTimeOf } from "../../domain/time/zoned.js";
import type { Block, Outbound } from "../chat/outbound.js";
import { translator, type Locale } from "../i18n/catalog.js";
import { schedulerMessages } from "../i18n/messages/scheduler.js";
import type { GroupTask } from "../status/ports.js";

type T = ReturnType<typeof translator<keyof (typeof schedulerMessages)["zh-CN"]>>;

/** An instant as the reader's local day and time: `1月20日 17:00` / `Jan 20, 17:00`. */
export function formatLocalInstant(t: T, instant: Date, timezone: string): string {
  const local = localDateTimeOf(instant, timezone);
  const [, month, day] = local.date.split("-").map(Number);
  return t("time.local", { month: month ?? "", day: day ?? "", time: local.time });
}

/** One task a unit is reminded or chased about. */
export interface ReminderTask {
  task: GroupTask;
}

/** What a reminder or chase is about: one lead unit, one period, the tasks it still owes. */
export interface ReminderSubject {
  kind: "reminder" | "chase";
  unit: { id: string; name: string };
  tasks: readonly GroupTask[];
  period: Period;
  dueAt: Date;
  timezone: string;
  /** When the message is meant for: a reminder on the due day says 今天, a chase how late it is. */
  at: Date;
}

/** How long ago the deadline was: `40分钟`, `3小时`, `2天` (whole units, at least 1). */
export function lateness(t: T, dueAt: Date, at: Date): string {
  const minutes = Math.max(1, Math.floor((at.getTime() - dueAt.getTime()) / 60_000));
  if (minutes < 60) return t("late.minutes", { n: minutes });
  if (minutes < 48 * 60) return t("late.hours", { n: Math.floor(minutes / 60) });
  return t("late.days", { n: Math.floor(minutes / (24 * 60)) });
}

/**
 * One reminder (the deadline ahead) or chase (the deadline passed) per lead unit and stage: a
 * heading, one sentence with the period and deadline (今天 on the due day; how late for a chase),
 * then for each task it still owes its name and the blank template pre-filled with the task and
 * period (so the contact can fill it in and reply), and one 填报 button per task (`report.start`,
 * `${taskId}:${unitId}`).
 */
export function reminderMessage(subject: ReminderSubject, locale: Locale): Outbound {
  const t = translator(schedulerMessages, locale);
  const { unit, tasks } = subject;
  const single = tasks.length === 1 ? tasks[0] : undefined;
  const dueLocal = localDateTimeOf(subject.dueAt, subject.timezone);
  const today = localDateTimeOf(subject.at, subject.timezone).date === dueLocal.date;
  const params = {
    unit: unit.name,
    period: periodLabel(subject.period, locale),
    due: formatLocalInstant(t, subject.dueAt, subject.timezone),
    time: dueLocal.time,
    late: lateness(t, subject.dueAt, subject.at),
    count: tasks.length,
    task: single ? taskName(single) : "",
  };
  const chase = subject.kind === "chase";
  const heading = single
    ? t(chase ? "chase.title" : "reminder.title", params)
    : t(chase ? "chase.titleMany" : "reminder.titleMany", params);
  const body = t(chase ? "chase.body" : today ? "reminder.bodyToday" : "reminder.body", params);
  const blocks: Block[] = [
    { type: "heading", text: heading },
    { type: "text", text: body },
    { type: "text", text: t(single ? "template.hint" : "template.hintMany") },
  ];
  // Template headers carry the period as people write it; the parser reads it back.
  const periodForTemplate = periodLabel(subject.period, "zh-CN");
  for (const task of tasks) {
    // Only the targets this unit answers for, as in the report flow.
    const targets = task.targets.filter((x) => x.leadUnitId === null || x.leadUnitId === unit.id);
    if (!single) blocks.push({ type: "text", text: t("task.line", { task: taskName(task) }) });
    blocks.push({ type: "text", text: blankTemplate({ taskKey: task.key, periodId: periodForTemplate, targets }) });
  }
  blocks.push({
    type: "buttons",
    buttons: tasks.map((task) => ({
      actionId: "report.start",
      label: single ? t("button.report") : t("button.reportTask", { task: task.key }),
      value: `${task.taskId}:${unit.id}`,
      style: "primary" as const,
    })),
  });
  return { blocks, summary: body };
}

/** `MS-03 促进高质量充分就业`: the key, then the title as the plan writes it. */
function taskName(task: GroupTask): string {
  return `${task.key} ${task.title}`;
}

/** A unit still missing at escalation time, with the keys of the tasks it has not reported on. */
export interface MissingUnit {
  name: string;
  tasks: string[];
}

/** The escalation to the convenor, deputy and office: the units still missing, by name, with their tasks. */
export function escalationMessage(
  subject: { group: { name: string }; period: Period; dueAt: Date; now: Date; timezone: string },
  missing: readonly MissingUnit[],
  locale: Locale,
): Outbound {
  const t = translator(schedulerMessages, locale);
  const heading = t("escalation.title", { group: subject.group.name, period: periodLabel(subject.period, locale) });
  const body = t("escalation.body", {
    due: formatLocalInstant(t, subject.dueAt, subject.timezone),
    now: formatLocalInstant(t, subject.now, subject.timezone),
    count: missing.length,
  });
  const blocks: Block[] = [
    { type: "heading", text: heading },
    { type: "text", text: body },
    {
      type: "fields",
      fields: missing.map((unit) => ({
        label: unit.name,
        value: t("escalation.tasks", { tasks: unit.tasks.join(t("list.separator")) }),
      })),
    },
    { type: "text", text: t("escalation.hint") },
  ];
  return { blocks, summary: heading };
}
