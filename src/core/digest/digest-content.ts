import type { Light } from "../chat/outbound.js";

/**
 * A digest (旬简报 / 月通报 / 季总结) as data: built by the core from stored reports, stored as
 * JSON in Digest.content, and rendered to chat blocks, Markdown, .docx and .xlsx.
 * All dates are ISO 8601 strings; labels are already in the reader's language.
 */
export interface DigestContent {
  kind: "dekad" | "month" | "quarter";
  group: { key: string; name: string };
  period: { id: string; label: string; dueAt: string; startDate: string; endDate: string };
  builtAt: string;
  locale: "zh-CN" | "en";
  headline: {
    tasks: number;
    /** (task, lead unit) pairs expected to report this period. */
    expected: number;
    onTime: number;
    late: number;
    missing: number;
    lights: Record<Light, number>;
  };
  missingUnits: { key: string; name: string; tasks: string[] }[];
  tasks: DigestTask[];
  /** Problems, coordination requests and next steps grouped by task. */
  notes: {
    taskKey: string;
    taskTitle: string;
    unitName: string;
    problems: string;
    coordination: string;
    nextSteps: string;
  }[];
  /** 月通报: units ranked by timeliness (on time, late, missing). */
  timeliness?: { unitName: string; onTime: number; late: number; missing: number }[];
  /** 季总结: each indicator's value over the quarter's 旬. */
  trends?: {
    taskKey: string;
    metric: string;
    unitOfMeasure: string;
    points: { periodId: string; label: string; value: number | null }[];
  }[];
  /** The underlying report rows (the .xlsx sheet). */
  rows: DigestRow[];
}

export interface DigestTask {
  key: string;
  title: string;
  leadUnits: string[];
  light: Light;
  reportedUnits: string[];
  missingUnits: string[];
  targets: {
    key: string;
    metric: string;
    unitOfMeasure: string;
    targetValue: number;
    direction: "increase" | "decrease";
    progress: number | null;
    /** Share of the target reached, 0..1+ (direction-aware); null when nothing reported. */
    completion: number | null;
    pace: number;
    light: Light;
  }[];
}

export interface DigestRow {
  taskKey: string;
  taskTitle: string;
  unitName: string;
  metric: string;
  value: number | null;
  unitOfMeasure: string;
  targetValue: number | null;
  status: string;
  submittedAt: string | null;
  late: boolean;
  version: number | null;
  progress: string;
  problems: string;
  nextSteps: string;
  coordination: string;
}
