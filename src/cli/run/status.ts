import { dayAgainstPlan, evaluateGroup, evaluationToJson, planRange } from "../../core/evaluation/index.js";
import { snapshotBlocks } from "../../core/status/status-views.js";
import { overviewGroup } from "../../core/task-overview.js";
import { localDateOf } from "../../domain/time/zoned.js";
import { renderPlainText } from "../../render/plain-text.js";
import { createReportStore } from "../../store/report-store.js";
import { createStatusStore } from "../../store/status-store.js";
import { createTaskOverviewStore } from "../../store/task-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { loadCalendarFor, parseInstant } from "../time-args.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const groupKey = requireString(args, "group", "status");
  const atText = optionalString(args, "at");
  const calendar = await loadCalendarFor("status");
  await withDatabase(io, { migrate: false }, async (db, config) => {
    const overviews = createTaskOverviewStore(db.prisma);
    const found = await overviewGroup(groupKey, overviews).catch((error: unknown) => {
      throw describeAppError(error, "status");
    });
    const status = createStatusStore(db.prisma);
    const group = (await status.findGroup(found.key))!;
    const at = atText ? parseInstant(atText, group.timezone) : new Date();
    if (!at) throw new CliError(`zhuanban status: --at must be an ISO 8601 time such as 2023-01-20T18:00+08:00`);
    const range = planRange(await status.groupTasks(group.id));
    const day = localDateOf(at, group.timezone);
    const side = dayAgainstPlan(day, range);
    if (side !== "inside") {
      throw new CliError(
        `zhuanban status: ${day} is ${side} the plan of ${group.key} (${range!.start} to ${range!.end ?? "open"})`,
      );
    }
    const snapshot = await evaluateGroup({ status, reports: createReportStore(db.prisma), calendar }, group, at);
    if (args.values.json) {
      const period = evaluationToJson(snapshot);
      // Only --json lists the tasks with their lead units and targets (4,000 tasks in the largest group).
      const tasks = await overviews.tasksOfGroup(found.key);
      io.out(JSON.stringify({ group: found, tasks, status: period }, null, 2));
      return;
    }
    // Every task, whatever the group's size: chat caps a large group's reply (message limits,
    // one message a second per chat) and points here for the full list; a terminal has no limit.
    const blocks = snapshotBlocks(snapshot, config.locale, calendar, true, { full: true });
    io.out(renderPlainText({ blocks, summary: "" }, config.locale));
  });
}
