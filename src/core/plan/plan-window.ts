// Use cases behind the scheduler and `zhuanban plan` / `zhuanban periods`: load what planning
// needs through the PlanStore port, then run the pure rules.

import type { WorkCalendar } from "../../domain/time/calendar.js";
import type { LocalDate } from "../../domain/time/local-date.js";
import type { PeriodLocale } from "../../domain/time/periods.js";
import { AppError } from "../errors.js";
import type { GroupInfo } from "../status/ports.js";
import { planAt, type PlanItem } from "./plan-at.js";
import { periodsInRange, type PeriodListing } from "./periods-in-range.js";
import type { PlanStore } from "./ports.js";

/** The group with this key, name or short name; AppError `group_not_found` (listing the keys) otherwise. */
export async function resolvePlanGroup(store: PlanStore, keyOrName: string): Promise<GroupInfo> {
  const group = await store.findGroup(keyOrName);
  if (group) return group;
  const known = (await store.listGroups()).map((g) => g.key).join(", ");
  throw new AppError("group_not_found", { group: keyOrName, known: known || "none: run zhuanban seed" });
}

/** Everything falling due in [`from`, `to`) for these groups (all groups when omitted); see {@link planAt}. */
export async function planWindow(
  deps: { plan: PlanStore; calendar: WorkCalendar },
  window: { from: Date; to: Date; groups?: readonly GroupInfo[] },
): Promise<PlanItem[]> {
  const inputs = await deps.plan.groupsWithSettings(window.groups?.map((g) => g.id));
  return planAt({ groups: inputs, calendar: deps.calendar, from: window.from, to: window.to });
}

/** The periods of one group's enabled cycles overlapping the days `fromDate` to `toDate`; see {@link periodsInRange}. */
export async function groupPeriods(
  deps: { plan: PlanStore; calendar: WorkCalendar },
  group: GroupInfo,
  range: { fromDate: LocalDate; toDate: LocalDate; locale?: PeriodLocale },
): Promise<PeriodListing[]> {
  const [input] = await deps.plan.groupsWithSettings([group.id]);
  return periodsInRange({
    timezone: group.timezone,
    settings: input?.settings ?? [],
    calendar: deps.calendar,
    ...range,
  });
}
