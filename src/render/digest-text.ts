import type { Light } from "../core/chat/outbound.js";
import type { DigestContent, DigestTask } from "../core/digest/digest-content.js";
import { translator } from "../core/i18n/catalog.js";
import { renderMessages, type RenderMessageKey } from "../core/i18n/messages/render.js";
import { utcOffsetAt } from "../domain/time/zoned.js";
import { formatNumber, percent } from "./format.js";

/**
 * The words and tables a digest is made of, shared by its chat form and its exported files so
 * that a 旬简报 reads the same in Slack, in Word and in Excel.
 */

export type DigestT = ReturnType<typeof translator<RenderMessageKey>>;

/** How to show a digest's instants; DigestContent stores them in UTC. */
export interface DigestRenderOptions {
  /** The group's timezone (docs/design.md: default Asia/Shanghai). */
  timeZone?: string;
}

export const DEFAULT_TIME_ZONE = "Asia/Shanghai";

export const LIGHTS: readonly Light[] = ["green", "yellow", "red", "done", "none"];

export function digestT(content: DigestContent): DigestT {
  return translator(renderMessages, content.locale);
}

export function kindLabel(content: DigestContent, t: DigestT): string {
  return t(`kind.${content.kind}`);
}

/** 省打好重点民生保障仗工作专班 2023年1月中旬 旬简报 */
export function digestTitle(content: DigestContent, t: DigestT, timeZone = DEFAULT_TIME_ZONE): string {
  const title = t("digest.title", {
    group: content.group.name,
    period: content.period.label,
    kind: kindLabel(content, t),
  });
  return content.final === false ? `${title}${asOfMark(content, t, timeZone)}` : title;
}

/**
 * （截至 01月15日 10:00）: a digest built before its period's deadline shows the instant its figures
 * stand at, since reports may still come in.
 */
export function asOfMark(content: DigestContent, t: DigestT, timeZone = DEFAULT_TIME_ZONE): string {
  const local = formatInstant(content.builtAt, timeZone);
  return t("digest.asOf", { month: local.slice(5, 7), day: local.slice(8, 10), time: local.slice(11, 16) });
}

export function lightLabel(light: Light, t: DigestT): string {
  return t(`light.${light}`);
}

/** 绿灯 3 · 黄灯 1 · 红灯 0 · 已完成 0 · 无数据 2 */
export function lightsSummary(content: DigestContent, t: DigestT): string {
  return LIGHTS.map((light) =>
    t("headline.light", { light: lightLabel(light, t), count: content.headline.lights[light] }),
  ).join(t("headline.lights.separator"));
}

/** An ISO instant as `2023-01-20 17:00` in the group's timezone. */
export function formatInstant(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // An export formats every report's time: utcOffsetAt remembers offsets, where Intl costs microseconds a call.
  return new Date(date.getTime() + utcOffsetAt(date, timeZone)).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * A period's days as a chat reader writes them: `1月11日至20日`, `1月21日至2月5日` (in English the
 * ISO dates). The exported files keep {@link formatDay}'s ISO dates.
 */
export function formatDayRange(startIso: string, endIso: string, t: DigestT, timeZone: string): string {
  const start = formatDay(startIso, timeZone);
  const end = formatDay(endIso, timeZone);
  const [, m1, d1] = start.split("-").map(Number);
  const [, m2, d2] = end.split("-").map(Number);
  return t(m1 === m2 ? "range.sameMonth" : "range.months", { m1: m1!, d1: d1!, m2: m2!, d2: d2!, start, end });
}

/** A period bound: a plain date stays as it is; an instant becomes its date in the group's timezone. */
export function formatDay(iso: string, timeZone: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : formatInstant(iso, timeZone).slice(0, 10);
}

/** An ISO instant as a long date in the reader's language: 2023年1月21日 / January 21, 2023. */
export function formatLongDate(iso: string, timeZone: string, locale: DigestContent["locale"]): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "long" }).format(date);
}

type DigestTarget = DigestTask["targets"][number];

/** 城镇新增就业 12.5/35万人, or the decreasing and not-reported forms. */
export function targetPhrase(target: DigestTarget, t: DigestT, locale: DigestContent["locale"]): string {
  const params = {
    metric: target.metric,
    target: formatNumber(target.targetValue, locale),
    unit: target.unitOfMeasure,
  };
  if (target.progress === null) return t("progress.target.notReported", params);
  const value = formatNumber(target.progress, locale);
  return t(target.direction === "decrease" ? "progress.target.decrease" : "progress.target.increase", {
    ...params,
    value,
  });
}

/**
 * The share a task's progress bar shows: its one target's completion, or with several targets the
 * lowest completion, since the weakest target is what the task's light warns about.
 */
export function taskRatio(task: DigestTask): number | null {
  const completions = task.targets.map((target) => target.completion).filter((c): c is number => c !== null);
  return completions.length === 0 ? null : Math.min(...completions);
}

/** A task's pace (share of its time elapsed); its targets share the task's end date. */
export function taskPace(task: DigestTask): number | null {
  return task.targets.find((target) => target.pace !== null)?.pace ?? null;
}

/** The problems, coordination requests or next steps of every unit, grouped by task in task order. */
export function notesFor(
  content: DigestContent,
  field: "problems" | "coordination" | "nextSteps",
  t: DigestT,
): { label: string; text: string }[] {
  const order = new Map(content.tasks.map((task, index) => [task.key, index]));
  return content.notes
    .map((note, index) => ({ note, index }))
    .filter(({ note }) => note[field].trim() !== "")
    .sort(
      (a, b) =>
        (order.get(a.note.taskKey) ?? Number.MAX_SAFE_INTEGER) -
          (order.get(b.note.taskKey) ?? Number.MAX_SAFE_INTEGER) || a.index - b.index,
    )
    .map(({ note }) => ({
      label: t("note.label", { task: note.taskKey, title: note.taskTitle, unit: note.unitName }),
      text: note[field].trim(),
    }));
}

export const NOTE_SECTIONS = [
  { field: "problems", heading: "section.problems" },
  { field: "coordination", heading: "section.coordination" },
  { field: "nextSteps", heading: "section.nextSteps" },
] as const;

export interface SimpleTable {
  columns: string[];
  rows: string[][];
  /** A line printed under the table (the ranking's rule). */
  note?: string;
}

/** 月通报, 季总结: the units with their ranks as the evaluation gave them, the rule under the table. */
export function timelinessTable(content: DigestContent, t: DigestT): SimpleTable | null {
  if (!content.timeliness || content.timeliness.length === 0) return null;
  return {
    columns: [t("col.rank"), t("col.unit"), t("col.expected"), t("col.onTime"), t("col.late"), t("col.missing")],
    rows: content.timeliness.map((unit) => [
      String(unit.rank),
      unit.unitName,
      String(unit.expected - unit.pending),
      String(unit.onTime),
      String(unit.late),
      String(unit.missing),
    ]),
    note: t("ranking.rule"),
  };
}

/** 季总结: one row per indicator, one column per 旬 of the quarter. */
export function trendTable(content: DigestContent, t: DigestT): SimpleTable | null {
  if (!content.trends || content.trends.length === 0) return null;
  const periods = new Map<string, string>();
  for (const trend of content.trends) for (const point of trend.points) periods.set(point.periodId, point.label);
  const ids = [...periods.keys()];
  return {
    columns: [t("col.task"), t("col.metric"), t("col.unitOfMeasure"), ...periods.values()],
    rows: content.trends.map((trend) => {
      const values = new Map(trend.points.map((point) => [point.periodId, point.value]));
      return [
        trend.taskKey,
        trend.metric,
        trend.unitOfMeasure,
        ...ids.map((id) => {
          const value = values.get(id);
          return value === null || value === undefined ? t("cell.empty") : formatNumber(value, content.locale);
        }),
      ];
    }),
  };
}

/** The briefing's task table: its rows, each row's light, and for each row the task it belongs to. */
export interface TaskTable extends SimpleTable {
  lights: Light[];
  /**
   * How many rows each task takes, by the row where the task starts (0 on its other rows). A task with
   * several targets has one row per target; its number, title and lead units are written once, on its
   * first row, and merged down in Word.
   */
  taskRowSpan: number[];
}

/** One row per target (a task without targets gets one row). */
export function taskTable(content: DigestContent, t: DigestT): TaskTable {
  const empty = t("cell.empty");
  const rows: string[][] = [];
  const lights: Light[] = [];
  const taskRowSpan: number[] = [];
  const list = t("list.separator");
  content.tasks.forEach((task, index) => {
    const base = [String(index + 1), `${task.key} ${task.title}`, task.leadUnits.join(list)];
    const continued = ["", "", ""];
    if (task.targets.length === 0) {
      rows.push([...base, empty, empty, empty, empty, empty, lightLabel(task.light, t)]);
      lights.push(task.light);
      taskRowSpan.push(1);
      return;
    }
    task.targets.forEach((target, i) => {
      const fmt = (value: number) => `${formatNumber(value, content.locale)}${target.unitOfMeasure}`;
      rows.push([
        ...(i === 0 ? base : continued),
        target.metric,
        target.direction === "decrease" ? `≤${fmt(target.targetValue)}` : fmt(target.targetValue),
        target.progress === null ? t("progress.notReported") : fmt(target.progress),
        target.completion === null ? empty : percent(target.completion),
        target.pace === null ? empty : percent(target.pace),
        lightLabel(target.light, t),
      ]);
      lights.push(target.light);
      taskRowSpan.push(i === 0 ? task.targets.length : 0);
    });
  });
  return {
    columns: [
      t("col.no"),
      t("col.task"),
      t("col.leadUnits"),
      t("col.metric"),
      t("col.target"),
      t("col.progress"),
      t("col.completion"),
      t("col.pace"),
      t("col.light"),
    ],
    rows,
    lights,
    taskRowSpan,
  };
}
