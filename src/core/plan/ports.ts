import type { CycleSettingRow } from "../reports/ports.js";
import type { GroupInfo, GroupTask } from "../status/ports.js";

/** What planning needs to know about one group: its cycle settings and its active tasks. */
export interface GroupPlanInput {
  group: GroupInfo;
  /** The group's cycle settings, enabled or not (a cycle without a row is not used). */
  settings: CycleSettingRow[];
  /** Active tasks with their lead units (`GroupTask.leadUnits`). */
  tasks: GroupTask[];
}

/** What the scheduler and the `plan` / `periods` commands read (implemented in src/store/plan-store.ts). */
export interface PlanStore {
  /** The group with this key, name or short name. */
  findGroup(keyOrName: string): Promise<GroupInfo | null>;
  /** Every group, in display order. */
  listGroups(): Promise<GroupInfo[]>;
  /**
   * Every group (or only those with these ids) with its cycle settings and active tasks, in display
   * order. What it returns may be what an earlier call returned, kept (and frozen) until a plan input
   * changes in the database: callers read it and never change it.
   */
  groupsWithSettings(groupIds?: readonly string[]): Promise<GroupPlanInput[]>;
}
