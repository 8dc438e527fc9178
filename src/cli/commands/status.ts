import { groupSnapshot } from "../../core/status/period-snapshot.js";
import { snapshotBlocks } from "../../core/status/status-views.js";
import { taskOverview } from "../../core/task-overview.js";
import { formatPeriodId } from "../../domain/time/periods.js";
import { renderPlainText } from "../../render/plain-text.js";
import { createReportStore } from "../../store/report-store.js";
import { createStatusStore } from "../../store/status-store.js";
import { createTaskOverviewStore } from "../../store/task-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, requireString, type Command } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { loadCalendarFor, parseInstant } from "../time-args.js";

export const statusCommand: Command = {
  name: "status",
  summary:
    "the status a convenor sees in chat, every task listed: the current period's reports, missing units and lights",
  usage: [
    "zhuanban status --group KEY [--at TIME] [--json]",
    "",
    "  --group KEY   work group key, e.g. minsheng",
    "  --at TIME     as it stood at this instant, e.g. 2023-01-20T18:00+08:00 (default now)",
    "  --json        the group's tasks with lead units and targets, and the period's state per task and unit",
  ].join("\n"),
  options: { group: { type: "string" }, json: { type: "boolean" }, at: { type: "string" } },
  async run(args, io) {
    const groupKey = requireString(args, "group", "status");
    const atText = optionalString(args, "at");
    const calendar = await loadCalendarFor("status");
    await withDatabase(io, { migrate: false }, async (db, config) => {
      const overview = await taskOverview(groupKey, createTaskOverviewStore(db.prisma)).catch((error: unknown) => {
        throw describeAppError(error, "status");
      });
      const status = createStatusStore(db.prisma);
      const group = (await status.findGroup(overview.group.key))!;
      const at = atText ? parseInstant(atText, group.timezone) : new Date();
      if (!at) throw new CliError(`zhuanban status: --at must be an ISO 8601 time such as 2023-01-20T18:00+08:00`);
      const snapshot = await groupSnapshot({ status, reports: createReportStore(db.prisma), calendar }, group, at);
      if (args.values.json) {
        const period = {
          at: at.toISOString(),
          counts: snapshot.counts,
          tasks: snapshot.tasks.map((t) => ({
            task: t.task.key,
            period: formatPeriodId(t.period),
            dueAt: t.dueAt.toISOString(),
            light: t.light,
            units: t.units.map((u) => ({ unit: u.unit.key, name: u.unit.name, state: u.state })),
            targets: t.targets.map((x) => ({
              target: x.target.key,
              value: x.value,
              completion: x.judged.completion,
              pace: x.judged.pace,
              light: x.judged.light,
            })),
          })),
        };
        io.out(JSON.stringify({ ...overview, status: period }, null, 2));
        return;
      }
      // Every task, whatever the group's size: chat caps a large group's reply (message limits,
      // one message a second per chat) and points here for the full list; a terminal has no limit.
      const blocks = snapshotBlocks(snapshot, config.locale, calendar, true, { full: true });
      io.out(renderPlainText({ blocks, summary: "" }, config.locale));
    });
  },
};
