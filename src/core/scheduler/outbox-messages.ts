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

/** What a reminder or chase is about. */
export interface ReminderSubject {
  kind: "reminder" | "chase";
  task: GroupTask;
  unit: { id: string; name: string };
  period: Period;
  /** `2023-01-X2`, printed in the template header. */
  periodKey: string;
  dueAt: Date;
  timezone: string;
}

/**
 * A reminder (the deadline ahead) or a chase (the deadline passed): a heading, one sentence with
 * the task, period and deadline, the blank template pre-filled with the task and period (so the
 * contact can fill it in and reply), and a 填报 button (`report.start`, `${taskId}:${unitId}`).
 */
export function reminderMessage(subject: ReminderSubject, locale: Locale): Outbound {
  const t = translator(schedulerMessages, locale);
  const { task, unit } = subject;
  const params = {
    task: task.key,
    title: task.title,
    unit: unit.name,
    period: periodLabel(subject.period, locale),
    due: formatLocalInstant(t, subject.dueAt, subject.timezone),
  };
  const heading = t(subject.kind === "chase" ? "chase.title" : "reminder.title", params);
  const body = t(subject.kind === "chase" ? "chase.body" : "reminder.body", params);
  // Only the targets this unit answers for, as in the report flow.
  const targets = task.targets.filter((x) => x.leadUnitId === null || x.leadUnitId === unit.id);
  const template = blankTemplate({ taskKey: task.key, periodId: subject.periodKey, targets });
  return {
    blocks: [
      { type: "heading", text: heading },
      { type: "text", text: body },
      { type: "text", text: t("template.hint") },
      { type: "text", text: template },
      {
        type: "buttons",
        buttons: [
          { actionId: "report.start", label: t("button.report"), value: `${task.taskId}:${unit.id}`, style: "primary" },
        ],
      },
    ],
    summary: body,
  };
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
