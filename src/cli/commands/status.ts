import { taskOverview } from "../../core/task-overview.js";
import { createTaskOverviewStore } from "../../store/task-store.js";
import { requireString, type Command } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";

export const statusCommand: Command = {
  name: "status",
  summary: "a group's tasks with lead units and targets (the convenor's view)",
  usage: [
    "zhuanban status --group KEY [--json]",
    "",
    "  --group KEY   work group key, e.g. minsheng",
    "  --json        machine-readable output",
  ].join("\n"),
  options: { group: { type: "string" }, json: { type: "boolean" }, at: { type: "string" } },
  async run(args, io) {
    const groupKey = requireString(args, "group", "status");
    await withDatabase(io, { migrate: false }, async (db) => {
      const overview = await taskOverview(groupKey, createTaskOverviewStore(db.prisma)).catch((error: unknown) => {
        throw describeAppError(error, "status");
      });
      if (args.values.json) {
        io.out(JSON.stringify(overview, null, 2));
        return;
      }
      io.out(`${overview.group.name} (${overview.group.key}), ${overview.tasks.length} tasks`);
      for (const task of overview.tasks) {
        const leads = task.leadUnits.map((u) => u.name).join("、") || "-";
        const example = task.isExample ? " [example]" : "";
        io.out(`${task.key}  ${task.title}${example}  lead: ${leads}`);
        for (const t of task.targets) {
          const arrow = t.direction === "decrease" ? "<=" : ">=";
          io.out(`    ${t.metric} ${arrow} ${t.targetValue}${t.unitOfMeasure}`);
        }
      }
    });
  },
};
