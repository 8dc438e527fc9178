import type { ReportStatus } from "../../domain/report/types.js";
import type { TargetKind } from "../../domain/target/kind.js";
import type { Period } from "../../domain/time/periods.js";
import type { Light } from "../chat/outbound.js";
import type { TaskTarget } from "../reports/ports.js";
import type { GroupInfo, GroupTask } from "../status/ports.js";

// The exported shape of one evaluation of a group in a period as of an instant. The meaning of every
// word used here (reported, on time, 补报, missing, corrected, each light per target kind) is written
// down once, in ./index.ts. /status, /tasks, the digests, the rankings, the exports, the CLI's --json
// and the web console read these objects; none of them computes a count, light or pace of its own.

export type { Light } from "../chat/outbound.js";

export type { TargetKind, ValueBounds } from "../../domain/target/kind.js";
export { TARGET_KINDS } from "../../domain/target/kind.js";

/** Whether a target is met by going up (jobs created) or down (accidents, 能耗). */
export type TargetDirection = "increase" | "decrease";

/**
 * One lead unit's duty on one task in one period, as of the evaluation's instant:
 * - `on_time`: its first report version was stored by the deadline (按时);
 * - `late`: its first report version was stored after the deadline (补报);
 * - `missing`: nothing stored and the deadline has passed (未报);
 * - `pending`: nothing stored and the deadline is still ahead (待报).
 */
export type Timeliness = "on_time" | "late" | "missing" | "pending";

/** The newest version of a unit's report for a period stored by the evaluation's instant. */
export interface ReportAsOf {
  taskId: string;
  unitId: string;
  periodId: string;
  periodKey: string;
  periodStartsAt: Date;
  /** The version shown: the newest stored by the instant. */
  version: number;
  status: ReportStatus;
  submittedAt: Date;
  /** When the first version was stored: it alone decides 按时 or 补报. */
  firstSubmittedAt: Date;
  /** Versions stored by the instant (1 = never corrected). */
  versions: number;
  progress: string;
  problems: string;
  nextSteps: string;
  coordinationNeeded: string;
  values: { targetId: string; value: number }[];
}

export interface UnitRef {
  id: string;
  key: string;
  name: string;
}

/** A lead unit's duty on a task in the period. */
export interface UnitDuty {
  unit: UnitRef;
  timeliness: Timeliness;
  /** The newest version stored by the instant; null when the unit has not reported. */
  report: ReportAsOf | null;
  /** More than one version stored by the instant (更正); never changes `timeliness`. */
  corrected: boolean;
}

/** A target judged at the evaluation's judging instant. */
export interface TargetEvaluation {
  target: TaskTarget;
  kind: TargetKind;
  /** The latest value reported for it by the instant, in this period or an earlier one. */
  value: number | null;
  /** Share of the way from baseline to target (direction-aware, unclamped); null without a value. */
  completion: number | null;
  /** 时序进度 at the judging instant: cumulative targets with an end date only, else null. */
  pace: number | null;
  /** Whether the value meets the target (direction-aware); null without a value. */
  met: boolean | null;
  light: Light;
}

/** One task in the period. */
export interface TaskEvaluation {
  task: GroupTask;
  period: Period;
  /** `2023-01-X2`. */
  periodKey: string;
  /** The stored Period row, or null when nothing was ever stored for the period. */
  periodId: string | null;
  dueAt: Date;
  /** The instant targets are judged at: the evaluation's instant, or the period's end if earlier. */
  judgedAt: Date;
  units: UnitDuty[];
  targets: TargetEvaluation[];
  /** The task's light (see ./index.ts). */
  light: Light;
}

/** Counts of (task, lead unit) duties. */
export interface DutyCounts {
  /** 应报: duties in the period. */
  expected: number;
  /** 已报 = onTime + late. */
  reported: number;
  onTime: number;
  late: number;
  /** 未报, deadline passed. */
  missing: number;
  /** 待报, deadline ahead. */
  pending: number;
  /** Reported duties with more than one version. */
  corrected: number;
}

/** One unit's duties in the period, with its place in the timeliness ranking. */
export interface UnitRow extends DutyCounts {
  unit: UnitRef;
  /** (onTime + late × 0.5) / (onTime + late + missing); null when nothing was due yet. */
  score: number | null;
  /** Competition rank (1, 2, 2, 4) by score; units with no score share the last rank. */
  rank: number;
}

/** The rule the ranking follows, to print under the table (its text is in the message catalogue). */
export const RANKING_RULE = {
  id: "timeliness-v1",
  onTimeWeight: 1,
  lateWeight: 0.5,
  missingWeight: 0,
} as const;

/** A group in a period (or, without one, each task's current period) as of an instant. */
export interface GroupPeriodEvaluation {
  group: GroupInfo;
  /** As of: only report versions stored by this instant count. */
  at: Date;
  /** The period most tasks report on (the group's shortest enabled cycle), for headings. */
  period: Period | null;
  dueAt: Date | null;
  /** True when every period's deadline has passed at `at`: the figures can no longer change by rule. */
  final: boolean;
  tasks: TaskEvaluation[];
  counts: DutyCounts;
  /** Tasks per light. */
  lights: Record<Light, number>;
  /** Units with duties in the period, ranked (see {@link RANKING_RULE}). */
  units: UnitRow[];
}

/** The days a group's plan covers: from its earliest task start to its latest task end. */
export interface PlanRange {
  /** First day (YYYY-MM-DD). */
  start: string;
  /** Last day (YYYY-MM-DD); null when a task has no end. */
  end: string | null;
}
