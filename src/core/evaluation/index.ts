/**
 * One evaluation of a group in a period as of an instant T: every count, light, pace, percentage,
 * timeliness label and rank that /status, /tasks, the 旬简报/月通报/季总结, the rankings, the
 * .md/.docx/.xlsx exports, the CLI's --json and the web console show is read from
 * {@link evaluateGroup}'s result. Nothing else computes one.
 *
 * As of T
 *   Only report versions stored (submittedAt) by T count. A version stored after T is invisible,
 *   as if it had not happened yet: `status --at T` shows what the office saw at T.
 *
 * Which tasks count
 *   A task counts in a period only when the period overlaps its days, from its start date (default
 *   1 January of its end date's year) to its end date. A period before every task starts or after
 *   every task ends lies outside the plan (`planRange`, `periodAgainstPlan`) and is refused.
 *
 * Duties and timeliness (per task, per lead unit, per period)
 *   - reported (已报): at least one version stored by T.
 *   - on time (按时): the FIRST version was stored by the period's deadline.
 *   - late (补报): the first version was stored after the deadline.
 *   - missing (未报): nothing stored by T, and T is after the deadline.
 *   - pending (待报): nothing stored by T, and the deadline is still ahead.
 *   - corrected (更正): more than one version stored by T. A correction replaces what is shown
 *     (values, status, text) but never the timeliness: 按时 then corrected stays 按时.
 *   The deadline is the period's stored due instant (fixed when first stored), otherwise the group's
 *   due rule for the cycle (`periodDeadline`, the only computation of a deadline).
 *
 * Target values
 *   A target's value is the latest one reported for it by T by its lead unit (any lead unit of the
 *   task when the target names none), in this period or an earlier one: newest period first, then
 *   newest version.
 *
 * Lights per target kind (judged at min(T, the period's end): a late report on 1月上旬 is judged
 * with the pace at 1月10日 24:00, never with today's)
 *   - no value: ⚪ none (无数据).
 *   - met (value ≥ target when increasing, ≤ when decreasing): ✅ done, whatever the kind.
 *   - cumulative (year-to-date totals): 时序进度 p = share of the task's days elapsed; completion r =
 *     (value − baseline) / (target − baseline) (decreasing: (baseline − value) / (baseline −
 *     target)); 🟢 green when r ≥ p, 🟡 yellow when r ≥ 0.8 p, 🔴 red below. A task without an end
 *     date has no pace (p = 0). A decrease without a baseline cannot be measured: 🟢 while p = 0,
 *     🟡 while time remains, 🔴 at the end.
 *   - level (a standard or amount in force) and rate (a ratio or growth rate): no pace. Not met is
 *     🟡 yellow while the task's time runs, 🔴 red once it is over.
 *   A task's light is the worst light of its targets with a value (red > yellow > green > done;
 *   done only when every target is done), made worse by the units' own statuses (滞后 red, 存在风险
 *   at least yellow). A task without any value takes its light from the statuses (all 已完成 done,
 *   otherwise green) and is ⚪ only when nothing at all was reported.
 *
 * Ranking (月通报, 季总结, any view of units)
 *   Every unit with a duty in the period is ranked, missing reports counted: score = (按时 × 1 +
 *   补报 × 0.5 + 未报 × 0) / (按时 + 补报 + 未报); duties not yet due do not count. Highest score first;
 *   equal scores share a rank and the next rank skips (competition ranking 1, 2, 2, 4); units with
 *   nothing due yet come last. The rule's text is printed under every ranking table.
 *
 * Final
 *   An evaluation is final when the deadline of every period in it has passed at T. A digest of a
 *   period whose deadline has not passed is marked 截至 MM月DD日 HH:mm and is not stored as final.
 *
 * Percentages have one decimal everywhere ({@link percent}).
 */
export { evaluateGroup, type EvaluationDeps, type EvaluationOptions } from "./evaluate-group.js";
export { judgeTarget, taskLight, type TaskDates } from "./judge.js";
export { percent } from "./percent.js";
export { dayAgainstPlan, planRange, periodAgainstPlan, taskActiveIn, taskStart } from "./plan-range.js";
export { rankAcross, rankUnits, timelinessOf, timelinessScore } from "./timeliness.js";
export * from "./types.js";
export { defaultBounds, targetBounds, valueWithinBounds } from "../../domain/target/kind.js";
export { evaluationToJson } from "./to-json.js";
