import type { Light } from "../../core/chat/outbound.js";
import type { DigestContent } from "../../core/digest/digest-content.js";
import {
  DEFAULT_TIME_ZONE,
  digestT,
  digestTitle,
  formatDay,
  formatInstant,
  formatLongDate,
  NOTE_SECTIONS,
  notesFor,
  taskTable,
  timelinessTable,
  trendTable,
  type DigestRenderOptions,
} from "../digest-text.js";

/**
 * A digest laid out as a government briefing (简报): a title, a date line, then numbered sections
 * 一、二、三… Each file format (Markdown, Word) renders this one layout, so they never drift apart.
 */
export interface Briefing {
  title: string;
  /** The issuing office and the date: 省…工作专班办公室 2023年1月21日 */
  dateLine: string;
  /** 报送期间：…至…；报送截止：… */
  periodLine: string;
  sections: BriefingSection[];
}

export interface BriefingSection {
  /** The section number with its punctuation: 一、 or 1. */
  number: string;
  heading: string;
  paragraphs: string[];
  /** Labelled items: a unit's missing tasks, a unit's problems under its task. */
  items: { label: string; text: string }[];
  table?: { columns: string[]; rows: string[][]; lights?: Light[]; taskRowSpan?: number[] };
  /** A paragraph under the table (the ranking's rule). */
  tableNote?: string;
}

export function buildBriefing(content: DigestContent, options: DigestRenderOptions = {}): Briefing {
  const t = digestT(content);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  const { headline } = content;
  const sections: Omit<BriefingSection, "number">[] = [];

  sections.push({
    heading: t("section.overview"),
    paragraphs: [
      t("overview.text", {
        tasks: headline.tasks,
        expected: headline.expected,
        onTime: headline.onTime,
        late: headline.late,
        missing: headline.missing + headline.pending,
        ...headline.lights,
      }),
    ],
    items: [],
  });

  sections.push({
    heading: t("section.missing"),
    paragraphs: content.missingUnits.length === 0 ? [t("missing.none")] : [],
    items: content.missingUnits.map((unit) => ({
      label: unit.name,
      text: t("missing.tasks", { tasks: unit.tasks.join(t("list.separator")) }),
    })),
  });

  if (content.tasks.length > 0) {
    sections.push({ heading: t("section.progress"), paragraphs: [], items: [], table: taskTable(content, t) });
  }

  for (const section of NOTE_SECTIONS) {
    const items = notesFor(content, section.field, t);
    if (items.length > 0) sections.push({ heading: t(section.heading), paragraphs: [], items });
  }

  const ranking = timelinessTable(content, t);
  if (ranking) {
    sections.push({
      heading: t("section.timeliness"),
      paragraphs: [],
      items: [],
      table: ranking,
      ...(ranking.note ? { tableNote: ranking.note } : {}),
    });
  }
  const trends = trendTable(content, t);
  if (trends) sections.push({ heading: t("section.trends"), paragraphs: [], items: [], table: trends });

  return {
    title: digestTitle(content, t, timeZone),
    dateLine: t("briefing.dateLine", {
      group: content.group.name,
      date: formatLongDate(content.builtAt, timeZone, content.locale),
    }),
    periodLine: t("briefing.period", {
      start: formatDay(content.period.startDate, timeZone),
      end: formatDay(content.period.endDate, timeZone),
      due: formatInstant(content.period.dueAt, timeZone),
    }),
    sections: sections.map((section, index) => ({ ...section, number: t("section.number", { n: index + 1 }) })),
  };
}
