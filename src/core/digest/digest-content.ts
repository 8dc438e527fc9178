import type { Light } from "../chat/outbound.js";
import type { TargetKind, Timeliness } from "../evaluation/types.js";

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
  /**
   * False when built before the period's deadline: the figures are as of `builtAt` (截至 …) and may
   * still change; such a digest is stored as not final.
   */
  final: boolean;
  locale: "zh-CN" | "en";
  headline: {
    tasks: number;
    /** (task, lead unit) pairs expected to report this period. */
    expected: number;
    /** onTime + late. */
    reported: number;
    onTime: number;
    late: number;
    /** Deadline passed, nothing reported. */
    missing: number;
    /** Deadline ahead, nothing reported yet (a digest built before its deadline). */
    pending: number;
    /** Reported, then corrected (more than one version). */
    corrected: number;
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
  /**
   * 月通报 and 季总结: every unit with duties, ranked by the evaluation's rule (src/core/evaluation:
   * missing reports counted, ties share a rank, 1, 2, 2, 4). `score` is null when nothing was due.
   */
  timeliness?: {
    rank: number;
    unitName: string;
    expected: number;
    onTime: number;
    late: number;
    missing: number;
    pending: number;
    score: number | null;
  }[];
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
    kind: TargetKind;
    progress: number | null;
    /** Share of the target reached, 0..1+ (direction-aware); null when nothing reported. */
    completion: number | null;
    /** 时序进度: cumulative targets only; null for levels and rates (met or not). */
    pace: number | null;
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
  /** 按时 / 补报 / 未报 / 待报, fixed by the first version. */
  timeliness: Timeliness;
  late: boolean;
  version: number | null;
  corrected: boolean;
  /**
   * The row's target as the evaluation judged it (completion, 时序进度 and light of the target, the
   * task's light on a row without a target), copied from src/core/evaluation. A target's value is
   * the latest any of its lead units reported, so with several lead units on one target these
   * belong to the target, not to this unit's own value. Absent in digests stored before they were
   * added: the export leaves those cells empty.
   */
  completion?: number | null;
  pace?: number | null;
  light?: Light;
  progress: string;
  problems: string;
  nextSteps: string;
  coordination: string;
}
