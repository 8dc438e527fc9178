import type { TargetKind } from "../../domain/target/kind.js";
import type { Address } from "../chat/inbound.js";
import type { Outbound } from "../chat/outbound.js";
import type { ReportDraft, ReportStatus } from "../../domain/report/types.js";
import type { Cycle } from "../../domain/time/periods.js";

/** A target as reporting and status need it. */
export interface TaskTarget {
  id: string;
  key: string;
  metric: string;
  unitOfMeasure: string;
  baseline: number | null;
  targetValue: number;
  direction: "increase" | "decrease";
  /** cumulative, level or rate: how its value is judged (src/core/evaluation/index.ts). */
  kind: TargetKind;
  /** Its own bounds on reported values; null = the kind's default (src/domain/target/kind.ts). */
  minValue: number | null;
  maxValue: number | null;
  /** The lead unit answerable for it when the task has several; null = every lead unit. */
  leadUnitId: string | null;
}

/** A task one unit leads: what a contact of that unit reports on. */
export interface ReportableTask {
  taskId: string;
  taskKey: string;
  title: string;
  group: { id: string; key: string; name: string; timezone: string };
  unit: { id: string; key: string; name: string };
  startDate: string | null;
  endDate: string | null;
  cycles: Cycle[];
  /** Only the targets this unit answers for. */
  targets: TaskTarget[];
}

export interface CycleSettingRow {
  cycle: Cycle;
  enabled: boolean;
  dueRule: unknown;
  ladder: unknown;
  quietHours: unknown;
}

export interface PeriodRow {
  id: string;
  periodKey: string;
  dueAt: Date;
}

export interface StoredReport {
  id: string;
  version: number;
  status: ReportStatus;
  isLate: boolean;
  submittedAt: Date;
  submittedBy: string | null;
  values: { targetId: string; value: number }[];
  progress: string;
  problems: string;
  nextSteps: string;
  coordinationNeeded: string;
}

export interface NewReport {
  taskId: string;
  unitId: string;
  periodId: string;
  draft: ReportDraft;
  /** Target ids by key, to store values against. */
  targetIds: Record<string, string>;
  submittedByContactId: string;
  submittedAt: Date;
  isLate: boolean;
  source: {
    platform: string;
    chatId: string;
    messageId?: string | undefined;
    text?: string | undefined;
    /** The inbound event that brought it: marked processed in the same write as the report. */
    eventId?: string | undefined;
  };
  /** The confirmation, kept in the outbox in the same write as the report (see {@link KeptConfirmation}). */
  confirmation?: KeptConfirmation;
}

/**
 * Where in a kept confirmation the report's version goes: the version is only known inside the
 * write (the last one + 1), so the store puts it in (src/store/report-store.ts).
 */
export const VERSION_SLOT = "⟦version⟧";

/**
 * A report's confirmation as the outbox keeps it: the message for a first version, and the one for
 * a correction with {@link VERSION_SLOT} where its number goes.
 */
export interface KeptConfirmation {
  key: string;
  to: Address;
  first: Outbound;
  correction: Outbound;
}

/** What reporting needs to know about a contact's units, read at once. */
export interface ReportingScope {
  /** As {@link ReportStore.reportableTasks}. */
  tasks: ReportableTask[];
  /** The cycle settings of each of these tasks' groups, by group id. */
  cycleSettings: ReadonlyMap<string, CycleSettingRow[]>;
}

/** Reports, periods and the tasks behind them (implemented in src/store/report-store.ts). */
export interface ReportStore {
  /** Tasks led by any of these units, with only the targets each unit answers for. */
  reportableTasks(unitIds: readonly string[]): Promise<ReportableTask[]>;
  /**
   * The same tasks with their groups' cycle settings, in one round trip at most (every report
   * needs both). With the plan revision its event arrived at (Arrival.planRevision), none when what
   * was read at that plan is still known. What comes back is shared and must not be changed.
   */
  reportingScope(unitIds: readonly string[], asOf?: { planRevision: string | null }): Promise<ReportingScope>;
  cycleSettings(groupId: string): Promise<CycleSettingRow[]>;
  /**
   * The stored period, created with these instants the first time it is needed. A stored period
   * never changes (its due instant is fixed when it is first materialised), so an implementation
   * may remember it.
   */
  ensurePeriod(input: {
    groupId: string;
    cycle: Cycle;
    periodKey: string;
    startsAt: Date;
    endsAt: Date;
    dueAt: Date;
  }): Promise<PeriodRow>;
  /** Stores a new version (the previous one stays, no longer current); returns its version number. */
  /**
   * Stores a new version atomically with the mark of its inbound event (when it has one); throws
   * DuplicateEventError (src/core/ports.ts) when that event was marked already.
   */
  saveReport(report: NewReport): Promise<{ id: string; version: number }>;
  currentReport(taskId: string, unitId: string, periodId: string): Promise<StoredReport | null>;
  /**
   * The task (when the reminder is about one), unit and period of the reminder a message replies to (an outbox row sent to this
   * chat with that platform message id); null when it is not a reply to a reminder.
   */
  reminderOrigin(
    platform: string,
    chatId: string,
    platformMessageId: string,
  ): Promise<{ taskId?: string; unitId: string; periodKey: string } | null>;
}
