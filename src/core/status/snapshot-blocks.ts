import { calendarWarnings, type WorkCalendar } from "../../domain/time/calendar.js";
import { formatPeriodId, label as periodLabel } from "../../domain/time/periods.js";
import { localDateTimeOf } from "../../domain/time/zoned.js";
import { statusLabel } from "../../domain/report/labels.js";
import type { Block } from "../chat/outbound.js";
import { translator, type Locale } from "../i18n/catalog.js";
import { formatLocalInstant } from "../i18n/local-time.js";
import { calendarMessages } from "../i18n/messages/calendar.js";
import { statusMessages } from "../i18n/messages/status.js";
import { percent, type GroupPeriodEvaluation, type TaskEvaluation } from "../evaluation/index.js";

/**
 * How much of a group's status one chat reply lists. Chat is not a report: Telegram cuts a message
 * at 4,096 characters and lets a bot send about one message a second into one chat, Slack allows
 * 50 blocks a message. Listing every task of the largest group (4,000 tasks, 4,609 targets) made
 * 132 Telegram messages, over two minutes of sending. A group with at most `fullListTasks` tasks
 * (every group of the Hunan 2023 plan: 4 to 25) still sees every task; a larger one gets a
 * dashboard of about two Telegram messages and under 50 Slack blocks: the counts, then each list
 * cut at its cap with a line saying how many more there are and where the full list is.
 */
export const STATUS_LIMITS = {
  /** Up to this many tasks, every task is listed with its targets (the view before caps). */
  fullListTasks: 30,
  /** Tasks listed for attention (red, yellow, overdue, not yet reported), a line and bars each. */
  attentionTasks: 10,
  /** Units listed as not having reported, with their first task keys. */
  missingUnits: 20,
  /** Task keys shown per missing unit before "等 N 项". */
  keysPerUnit: 3,
  /** Lines of problems, and of coordination requests, each. */
  notes: 10,
  /** Lines of messages the outbox could not deliver. */
  undelivered: 10,
} as const;

type T = ReturnType<typeof translator<keyof (typeof statusMessages)["zh-CN"]>>;

/** "无", "没有", "-" and blanks are how people say there is nothing to report. */
export function saysSomething(text: string): boolean {
  return !/^\s*(无|没有|暂无|无。|none|n\/a|-|—|／|\/)?\s*$/i.test(text);
}

/** Whether this snapshot is shown whole or as a capped dashboard (see {@link STATUS_LIMITS}). */
export function isCapped(snapshot: GroupPeriodEvaluation, options: { full?: boolean } = {}): boolean {
  return !options.full && snapshot.tasks.length > STATUS_LIMITS.fullListTasks;
}

function timeLeft(t: T, from: Date, to: Date) {
  const ms = to.getTime() - from.getTime();
  if (ms <= 0) return t("status.overdue");
  const hours = Math.floor(ms / 3_600_000);
  return t("status.left", { days: Math.floor(hours / 24), hours: hours % 24 });
}

/**
 * The chat view of a snapshot: headline and counts, missing units, each task's light and target
 * bars, problems and coordination requests. A large group's lists are capped and ordered by what
 * needs attention first; `full` lists everything whatever the size (the CLI's text view).
 */
export function snapshotBlocks(
  snapshot: GroupPeriodEvaluation,
  locale: Locale,
  calendar: WorkCalendar,
  leader: boolean,
  options: { full?: boolean } = {},
): Block[] {
  const t = translator(statusMessages, locale);
  const calendarT = translator(calendarMessages, locale);
  const { group } = snapshot;
  const capped = isCapped(snapshot, options);
  const blocks: Block[] = [];
  const period = snapshot.period ? periodLabel(snapshot.period, locale) : "";
  blocks.push({ type: "heading", text: t("status.title", { group: group.name, period }) });
  if (leader) {
    for (const warning of calendarWarnings(
      calendar,
      [localDateTimeOf(snapshot.at, group.timezone).date.slice(0, 4)].map(Number),
    )) {
      blocks.push({ type: "text", text: `⚠️ ${calendarT("calendar.noHolidayData", { year: warning.year })}` });
    }
  }
  if (snapshot.dueAt) {
    blocks.push({
      type: "text",
      text: t("status.due", {
        due: formatLocalInstant(snapshot.dueAt, group.timezone, locale),
        left: timeLeft(t, snapshot.at, snapshot.dueAt),
      }),
    });
  }
  const c = snapshot.counts;
  const fields = [
    { label: t("status.expected"), value: String(c.expected) },
    { label: t("status.onTime"), value: String(c.onTime) },
    { label: t("status.late"), value: String(c.late) },
    { label: t("status.missing"), value: String(c.missing) },
    { label: t("status.pending"), value: String(c.pending) },
  ];
  if (capped) {
    // What the capped task list leaves out, in numbers: every task's light.
    const lights = snapshot.lights;
    fields.unshift({ label: t("status.tasks"), value: String(snapshot.tasks.length) });
    fields.push({ label: t("status.lights"), value: t("status.lightCounts", lights) });
  }
  blocks.push({ type: "fields", fields });

  if (!capped) {
    blocks.push(missingUnitsBlock(snapshot, t, null));
    for (const task of snapshot.tasks) blocks.push(...taskBlocks(task, t));
    blocks.push(...noteBlocks(snapshot.tasks, t, null));
    return blocks;
  }

  const ranked = rankForAttention(snapshot.tasks);
  blocks.push(missingUnitsBlock(snapshot, t, STATUS_LIMITS.missingUnits));
  const attention = ranked.filter((r) => r.rank < NO_ATTENTION).map((r) => r.task);
  if (attention.length === 0) {
    blocks.push({ type: "text", text: t("status.noAttention") });
  } else {
    blocks.push({ type: "heading", text: t("status.attention", { count: attention.length }) });
    const shown = attention.slice(0, STATUS_LIMITS.attentionTasks);
    for (const task of shown) blocks.push(...taskBlocks(task, t));
    const rest = ranked.filter((r) => r.rank < NO_ATTENTION).slice(shown.length);
    if (rest.length > 0) {
      const by = [0, 0, 0, 0];
      for (const r of rest) by[r.rank]! += 1;
      blocks.push({
        type: "text",
        text: t("status.moreTasks", {
          count: rest.length,
          red: by[0]!,
          yellow: by[1]!,
          missing: by[2]!,
          pending: by[3]!,
        }),
      });
    }
  }
  blocks.push(
    ...noteBlocks(
      ranked.map((r) => r.task),
      t,
      STATUS_LIMITS.notes,
    ),
  );
  blocks.push({
    type: "text",
    text: t("status.fullList", {
      group: group.key,
      period: snapshot.period ? formatPeriodId(snapshot.period) : "",
    }),
  });
  return blocks;
}

/** Ranks, best first: red, yellow, a lead unit overdue, a lead unit not yet reported; then the rest. */
const NO_ATTENTION = 4;
function rankForAttention(tasks: readonly TaskEvaluation[]): { task: TaskEvaluation; rank: number }[] {
  const ranked = tasks.map((task) => ({
    task,
    rank:
      task.light === "red"
        ? 0
        : task.light === "yellow"
          ? 1
          : task.units.some((u) => u.timeliness === "missing")
            ? 2
            : task.units.some((u) => u.timeliness === "pending")
              ? 3
              : NO_ATTENTION,
  }));
  // Stable: within a rank, tasks keep the group's list order.
  return ranked.sort((a, b) => a.rank - b.rank);
}

/** "未报单位": every unit with its task keys, or (capped) the units with most overdue tasks first. */
function missingUnitsBlock(snapshot: GroupPeriodEvaluation, t: T, cap: number | null): Block {
  const missing = new Map<string, { keys: string[]; overdue: number }>();
  for (const task of snapshot.tasks) {
    for (const u of task.units) {
      if (u.timeliness !== "missing" && u.timeliness !== "pending") continue;
      let entry = missing.get(u.unit.name);
      if (!entry) missing.set(u.unit.name, (entry = { keys: [], overdue: 0 }));
      entry.keys.push(task.task.key);
      if (u.timeliness === "missing") entry.overdue += 1;
    }
  }
  if (missing.size === 0) return { type: "text", text: t("status.noneMissing") };
  if (cap === null) {
    return {
      type: "text",
      text: t("status.missingUnits", {
        units: [...missing]
          .map(([unit, { keys }]) => t("status.unitTasks", { unit, tasks: keys.join("、") }))
          .join("\n"),
      }),
    };
  }
  const units = [...missing].sort(([, a], [, b]) => b.overdue - a.overdue || b.keys.length - a.keys.length);
  const listed = units.slice(0, cap).map(([unit, { keys }]) => {
    const first = keys.slice(0, STATUS_LIMITS.keysPerUnit).join("、");
    const tasks =
      keys.length > STATUS_LIMITS.keysPerUnit ? t("status.keysMore", { keys: first, count: keys.length }) : first;
    return t("status.unitTasks", { unit, tasks });
  });
  const lines = [t("status.missingUnitsCapped", { count: units.length, units: listed.join("\n") })];
  if (units.length > cap) lines.push(t("status.moreUnits", { count: units.length - cap }));
  return { type: "text", text: lines.join("\n") };
}

/** A task's line (lead units with ✓ / 补 / ✗) and a progress bar per target. */
function taskBlocks(task: TaskEvaluation, t: T): Block[] {
  const units = task.units.map(
    (u) =>
      `${u.unit.name}${u.timeliness === "on_time" ? "✓" : u.timeliness === "late" ? "补" : "✗"}${u.corrected ? t("status.correctedMark") : ""}`,
  );
  const blocks: Block[] = [
    {
      type: "text",
      text: t("status.taskLine", { task: task.task.key, title: task.task.title, units: units.join("、") }),
    },
  ];
  for (const target of task.targets) {
    const common = {
      target: target.target.targetValue,
      unit: target.target.unitOfMeasure,
      pace: target.pace === null ? "" : t("status.pace", { pace: percent(target.pace) }),
    };
    blocks.push({
      type: "progress",
      label: target.target.metric,
      ratio: target.completion,
      light: target.light,
      detail:
        target.value === null ? t("status.noValue", common) : t("status.target", { ...common, value: target.value }),
    });
  }
  if (task.targets.length === 0) {
    const statuses = task.units.filter((u) => u.report).map((u) => statusLabel(u.report!.status));
    blocks.push({
      type: "progress",
      label: task.task.key,
      ratio: null,
      light: task.light,
      detail: statuses.join("、"),
    });
  }
  return blocks;
}

/** Problems and coordination requests in task order, each list cut at `cap` with an "N more" line. */
function noteBlocks(tasks: readonly TaskEvaluation[], t: T, cap: number | null): Block[] {
  const problems: string[] = [];
  const coordination: string[] = [];
  for (const task of tasks) {
    for (const u of task.units) {
      // "无" is not a problem to list (as in the digests).
      if (u.report && saysSomething(u.report.problems))
        problems.push(t("status.problemLine", { task: task.task.key, unit: u.unit.name, text: u.report.problems }));
      if (u.report && saysSomething(u.report.coordinationNeeded)) {
        coordination.push(
          t("status.problemLine", { task: task.task.key, unit: u.unit.name, text: u.report.coordinationNeeded }),
        );
      }
    }
  }
  const blocks: Block[] = [];
  for (const [heading, lines] of [
    ["status.problems", problems],
    ["status.coordination", coordination],
  ] as const) {
    if (lines.length === 0) continue;
    blocks.push({ type: "heading", text: t(heading) }, { type: "text", text: cappedLines(lines, cap, t) });
  }
  return blocks;
}

/** Lines joined, at most `cap` of them and then "另有 N 条未列出". */
export function cappedLines(lines: readonly string[], cap: number | null, t: T): string {
  if (cap === null || lines.length <= cap) return lines.join("\n");
  return [...lines.slice(0, cap), t("status.moreLines", { count: lines.length - cap })].join("\n");
}
