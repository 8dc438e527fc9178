import type { TargetKind } from "../domain/target/kind.js";
import { AppError } from "./errors.js";

/** A task as the group sees it: what it is, who leads it and what it must reach. */
export interface TaskSummary {
  key: string;
  title: string;
  listKind: "task" | "project" | "policy" | "indicator";
  endDate: string | null;
  isExample: boolean;
  leadUnits: { key: string; name: string }[];
  participatingUnits: { key: string; name: string }[];
  targets: {
    key: string;
    metric: string;
    unitOfMeasure: string;
    baseline: number | null;
    targetValue: number;
    direction: "increase" | "decrease";
    kind: TargetKind;
    minValue: number | null;
    maxValue: number | null;
    /** The lead unit answerable for this target when the task has several; null = all its leads. */
    leadUnit: { key: string; name: string } | null;
  }[];
}

export interface GroupSummary {
  key: string;
  name: string;
  timezone: string;
}

export interface TaskOverviewStore {
  findGroup(key: string): Promise<GroupSummary | null>;
  listGroups(): Promise<GroupSummary[]>;
  tasksOfGroup(groupKey: string): Promise<TaskSummary[]>;
}

/** The group by key or name; an AppError naming the known groups when there is none. */
export async function overviewGroup(groupKey: string, store: TaskOverviewStore): Promise<GroupSummary> {
  const group = await store.findGroup(groupKey);
  if (!group) {
    const known = (await store.listGroups()).map((g) => g.key).join(", ");
    throw new AppError("group_not_found", { group: groupKey, known: known || "none: run zhuanban seed" });
  }
  return group;
}

export async function taskOverview(
  groupKey: string,
  store: TaskOverviewStore,
): Promise<{ group: GroupSummary; tasks: TaskSummary[] }> {
  const group = await overviewGroup(groupKey, store);
  return { group, tasks: await store.tasksOfGroup(group.key) };
}
