import type { ChartData } from "../../core/chat/chart-data.js";
import type { Light } from "../../core/chat/outbound.js";
import type { DigestContent } from "../../core/digest/digest-content.js";
import { translator } from "../../core/i18n/catalog.js";
import { briefingMessages } from "../../core/i18n/messages/briefing.js";
import { chartAltText } from "../charts/alt-text.js";
import { digestCharts } from "../digest-charts.js";
import {
  asOfMark,
  DEFAULT_TIME_ZONE,
  digestT,
  formatDay,
  formatInstant,
  formatLongDate,
  lightLabel,
  notesFor,
  taskPace,
  taskRatio,
  taskTable,
  timelinessTable,
  trendTable,
  type DigestRenderOptions,
  type DigestT,
  type TaskTable,
} from "../digest-text.js";
import { percent } from "../format.js";

/**
 * A digest laid out as a 简报 (the furniture borrowed from GB/T 9704): a red masthead with the
 * issue number, the issuing office and the date over a red rule; a title; numbered sections; the
 * per-target detail and the trends as attachments; the closing block (报送/抄送). Markdown and Word
 * render this one layout, so they never drift apart.
 */
export interface Briefing {
  masthead: { group: string; kind: string };
  /** 第3期, 第3期（更新）, or a placeholder when the digest has no stored number. */
  issueLine: string;
  /** 编发单位：…办公室 */
  issuer: string;
  /** 2023年1月21日 */
  date: string;
  /** The article's title; short enough for one line, so never broken inside its date. */
  title: string;
  /** 报送期间：…至…；报送截止：… */
  periodLine: string;
  sections: BriefingSection[];
  /** 附件：1．各任务指标明细表 … (empty without attachments). */
  attachmentList: string[];
  attachmentsLabel: string;
  attachments: BriefingAttachment[];
  closing: { sendTo: string; copyTo: string; printed: string };
}

export interface BriefingChart {
  data: ChartData;
  alt: string;
  /** 图1 … */
  caption: string;
  /** A stable name for the file it is written to: progress, ranking, trend-1 … */
  name: string;
}

export interface BriefingTable {
  columns: string[];
  rows: string[][];
  /** Relative column widths (the Word table is fixed to the page's width). */
  widths: number[];
  /** The light of each row, shading its last cell. */
  lights?: Light[];
  /** A task's first rows span its targets (see TaskTable). */
  taskRowSpan?: number[];
}

export interface BriefingSection {
  /** The section number with its punctuation: 一、 or 1. */
  number: string;
  heading: string;
  /** What the section holds, in order. */
  parts: BriefingPart[];
}

export type BriefingPart =
  | { kind: "paragraph"; text: string }
  | { kind: "subheading"; text: string }
  /** Labelled items, numbered from 1: a unit's missing tasks, a unit's problems under its task. */
  | { kind: "items"; items: { label: string; text: string }[] }
  | { kind: "table"; table: BriefingTable }
  | { kind: "chart"; chart: BriefingChart };

export interface BriefingAttachment {
  /** 附件1 */
  label: string;
  title: string;
  /** Wide tables go on landscape pages. */
  landscape: boolean;
  parts: BriefingPart[];
}

/** The furniture the digest itself does not hold: the issue number and the closing block. */
export interface BriefingOptions extends DigestRenderOptions {
  /** The stored issue number (src/store/digest-issue-store.ts); `updated` for a later version. */
  issue?: { number: number; updated: boolean };
  /** 编发单位; default `{group}办公室`. */
  office?: string;
  /** 报送 and 抄送 lines; defaults in the catalogue. */
  sendTo?: string;
  copyTo?: string;
}

/** A briefing's options from what is stored (null settings fall back to the catalogue's defaults). */
export function briefingOptionsOf(
  stored: {
    issue?: { number: number; updated: boolean };
    office: string | null;
    sendTo: string | null;
    copyTo: string | null;
  },
  timeZone: string,
): BriefingOptions {
  return {
    timeZone,
    ...(stored.issue ? { issue: stored.issue } : {}),
    ...(stored.office ? { office: stored.office } : {}),
    ...(stored.sendTo ? { sendTo: stored.sendTo } : {}),
    ...(stored.copyTo ? { copyTo: stored.copyTo } : {}),
  };
}

type BriefingT = ReturnType<typeof translator<keyof (typeof briefingMessages)["zh-CN"]>>;

export function buildBriefing(content: DigestContent, options: BriefingOptions = {}): Briefing {
  const t = digestT(content);
  const b = translator(briefingMessages, content.locale);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const { headline } = content;
  const charts = digestCharts(content);
  let figures = 0;
  const figure = (data: ChartData, name: string): BriefingPart => ({
    kind: "chart",
    chart: {
      data,
      name,
      alt: chartAltText(data, content.locale),
      caption: b("figure", { n: ++figures, title: data.title }),
    },
  });

  const attachments: BriefingAttachment[] = [];
  const detail = content.tasks.length > 0 ? detailTable(taskTable(content, t)) : null;
  const detailNumber = detail ? attachments.length + 1 : 0;
  if (detail) {
    attachments.push({
      label: b("attachment.label", { n: detailNumber }),
      title: b("attachment.detail"),
      landscape: true,
      parts: [{ kind: "table", table: detail }],
    });
  }

  const sections: Omit<BriefingSection, "number">[] = [];
  const overview: BriefingPart[] = [
    {
      kind: "paragraph",
      text: t("overview.text", {
        tasks: headline.tasks,
        expected: headline.expected,
        onTime: headline.onTime,
        late: headline.late,
        missing: headline.missing + headline.pending,
        ...headline.lights,
      }),
    },
  ];
  if (charts.progress) overview.push(figure(charts.progress, "progress"));
  sections.push({ heading: b("section.overview"), parts: overview });

  sections.push({
    heading: b("section.progress"),
    parts:
      content.tasks.length === 0
        ? [{ kind: "paragraph", text: b("progress.none") }]
        : [
            { kind: "paragraph", text: b("progress.intro", { n: detailNumber }) },
            { kind: "table", table: summaryTable(content, t, b) },
          ],
  });

  const problems = notesFor(content, "problems", t);
  const coordination = notesFor(content, "coordination", t);
  const problemParts: BriefingPart[] = [];
  if (problems.length > 0)
    problemParts.push({ kind: "subheading", text: b("sub.problems") }, { kind: "items", items: problems });
  if (coordination.length > 0) {
    problemParts.push({ kind: "subheading", text: b("sub.coordination") }, { kind: "items", items: coordination });
  }
  sections.push({
    heading: b("section.problems"),
    parts: problemParts.length > 0 ? problemParts : [{ kind: "paragraph", text: b("notes.none") }],
  });

  const nextSteps = notesFor(content, "nextSteps", t);
  sections.push({
    heading: b("section.nextSteps"),
    parts:
      nextSteps.length > 0 ? [{ kind: "items", items: nextSteps }] : [{ kind: "paragraph", text: b("notes.none") }],
  });

  sections.push({
    heading: b("section.missing"),
    parts:
      content.missingUnits.length === 0
        ? [{ kind: "paragraph", text: t("missing.none") }]
        : [
            {
              kind: "items",
              items: content.missingUnits.map((unit) => ({
                label: unit.name,
                text: t("missing.tasks", { tasks: unit.tasks.join(t("list.separator")) }),
              })),
            },
          ],
  });

  const ranking = timelinessTable(content, t);
  if (ranking) {
    const parts: BriefingPart[] = [
      {
        kind: "table",
        table: { columns: ranking.columns, rows: ranking.rows, widths: [0.8, 4, 1.2, 1.2, 1.2, 1.2] },
      },
    ];
    // The evaluation's ranking rule, printed under the table as in every view of a ranking.
    if (ranking.note) parts.push({ kind: "paragraph", text: ranking.note });
    if (charts.ranking) parts.push(figure(charts.ranking, "ranking"));
    sections.push({ heading: b("section.timeliness"), parts });
  }

  const trends = trendTable(content, t);
  if (trends) {
    const parts: BriefingPart[] = [
      { kind: "table", table: { ...trends, widths: [1.2, 2.4, 1.2, ...trends.columns.slice(3).map(() => 1)] } },
    ];
    charts.trends.forEach((chart, index) => parts.push(figure(chart, `trend-${index + 1}`)));
    attachments.push({
      label: b("attachment.label", { n: attachments.length + 1 }),
      title: b("attachment.trends"),
      landscape: trends.columns.length > 8,
      parts,
    });
  }

  const date = formatLongDate(content.builtAt, timeZone, content.locale);
  const office = options.office ?? b("office", { group: content.group.name });
  return {
    masthead: { group: content.group.name, kind: b(`masthead.${content.kind}`) },
    issueLine: options.issue
      ? b(options.issue.updated ? "issue.updated" : "issue", { n: options.issue.number })
      : b("issue.none"),
    issuer: b("issuer", { office }),
    date,
    // A digest that is not final (built before its deadline) carries the digest's own 截至 mark.
    title:
      b("headline", { period: content.period.label }) + (content.final === false ? asOfMark(content, t, timeZone) : ""),
    periodLine: t("briefing.period", {
      start: formatDay(content.period.startDate, timeZone),
      end: formatDay(content.period.endDate, timeZone),
      due: formatInstant(content.period.dueAt, timeZone),
    }),
    sections: sections.map((section, index) => ({ ...section, number: t("section.number", { n: index + 1 }) })),
    attachmentsLabel: b("attachments"),
    attachmentList: attachments.map((attachment, index) =>
      b("attachment.item", { n: index + 1, title: attachment.title }),
    ),
    attachments,
    closing: {
      sendTo: b("closing.sendTo", { who: options.sendTo ?? b("default.sendTo") }),
      copyTo: b("closing.copyTo", { who: options.copyTo ?? b("default.copyTo") }),
      printed: b("closing.printed", { office, date }),
    },
  };
}

/** One line per task: what fits across a portrait page (the targets go to the attachment). */
function summaryTable(content: DigestContent, t: DigestT, b: BriefingT): BriefingTable {
  const empty = t("cell.empty");
  return {
    columns: [b("col.no"), b("col.task"), b("col.leadUnits"), b("col.completion"), b("col.pace"), b("col.light")],
    widths: [0.7, 4.2, 2.6, 1.2, 1.2, 1],
    rows: content.tasks.map((task, index) => {
      const ratio = taskRatio(task);
      const pace = taskPace(task);
      return [
        String(index + 1),
        `${task.key} ${task.title}`,
        task.leadUnits.join(t("list.separator")),
        ratio === null ? empty : percent(ratio),
        pace === null ? empty : percent(pace),
        lightLabel(task.light, t),
      ];
    }),
    lights: content.tasks.map((task) => task.light),
  };
}

/** The per-target table, on a landscape page: the text columns get the width. */
function detailTable(table: TaskTable): BriefingTable {
  return { ...table, widths: [0.8, 3, 2.2, 2.4, 1.4, 1.4, 1, 1.1, 1] };
}
