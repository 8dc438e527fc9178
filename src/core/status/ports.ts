import type { ReportStatus } from "../../domain/report/types.js";
import type { Cycle } from "../../domain/time/periods.js";
import type { TaskTarget } from "../reports/ports.js";
import type { ReportAsOf } from "../evaluation/types.js";

export interface GroupTask {
  taskId: string;
  key: string;
  title: string;
  startDate: string | null;
  endDate: string | null;
  cycles: Cycle[];
  leadUnits: { id: string; key: string; name: string }[];
  targets: TaskTarget[];
}

export interface GroupInfo {
  id: string;
  key: string;
  name: string;
  timezone: string;
}

/** A current (latest-version) report with what status and digests show of it. */
export interface CurrentReport {
  taskId: string;
  unitId: string;
  periodId: string;
  periodKey: string;
  /** Start of the report's period, to tell earlier periods from later ones across cycles. */
  periodStartsAt: Date;
  version: number;
  status: ReportStatus;
  isLate: boolean;
  submittedAt: Date;
  progress: string;
  problems: string;
  nextSteps: string;
  coordinationNeeded: string;
  values: { targetId: string; value: number }[];
}

/** What /status, /tasks and digests read (implemented in src/store/status-store.ts). */
export interface StatusStore {
  findGroup(keyOrName: string): Promise<GroupInfo | null>;
  groupsByIds(ids: readonly string[]): Promise<GroupInfo[]>;
  /** The group's active tasks in display order; shared and read-only (a store may keep them). */
  groupTasks(groupId: string): Promise<readonly GroupTask[]>;
  /** Current reports of these periods. */
  reportsInPeriods(periodIds: readonly string[]): Promise<CurrentReport[]>;
  /**
   * Per (task, unit, period) of these periods: the newest version stored by `until`, with when its
   * first version was stored and how many versions there were by then. Versions after `until` are
   * ignored as if they did not exist. With `taskIds`, only those tasks' reports (a contact's or a
   * unit's view of a large group reads its own rows, not the group's thousands).
   */
  reportsAsOf(periodIds: readonly string[], until: Date, taskIds?: readonly string[]): Promise<ReportAsOf[]>;
  /** The group's stored periods among these keys (`2023-01-X2`), by key; never creates one. */
  periodRows(groupId: string, periodKeys: readonly string[]): Promise<Map<string, { id: string; dueAt: Date }>>;
  /** Outbox messages of the group that did not go out (failed after their tries, or unreachable). */
  undelivered(groupId: string): Promise<UndeliveredMessage[]>;
  /** Current reports of these tasks submitted up to `until`, newest period first. */
  reportHistory(taskIds: readonly string[], until: Date): Promise<CurrentReport[]>;
  /**
   * Each target's latest value (target id -> value): from the newest version stored by `until` of
   * each report, of a period starting by `periodStartsBy`, by the target's lead unit (any lead unit
   * of its task when the target names none), that carries a value for it; newest period start
   * first, then newest submission. Targets never reported are absent.
   */
  latestValues(query: LatestValuesQuery): Promise<Map<string, number>>;
}

export interface LatestValuesQuery {
  groupId: string;
  periodStartsBy: Date;
  until: Date;
  targets: readonly { id: string; taskId: string; leadUnitId: string | null }[];
}

export interface UndeliveredMessage {
  kind: string;
  state: "failed" | "unreachable";
  platform: string;
  address: string;
  recipientName: string | null;
  lastError: string | null;
  dueAt: Date;
}
