import type { Command } from "../command.js";

export const periodsCommand: Command = {
  name: "periods",
  summary: "every 旬, month and quarter of a group's enabled cycles in a date range, with its due instant",
  usage: [
    "zhuanban periods --group KEY --from DATE --to DATE [--json]",
    "",
    "  --group KEY   work group key, e.g. minsheng",
    "  --from DATE   first day of the range, YYYY-MM-DD",
    "  --to DATE     last day of the range (inclusive), YYYY-MM-DD",
    "  --json        a JSON array of { cycle, period, label, start, end, dueAt }",
    "",
    "Lists each period overlapping the range: its id (2023-01-X2, 2023-M01, 2023-Q1), Chinese name,",
    "start (local 00:00 of its first day), end (local 00:00 after its last day, exclusive) and due",
    "instant under the group's due rule, all ISO 8601 in the group's timezone.",
  ].join("\n"),
  options: { group: { type: "string" }, from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } },
  run: async (args, io) => (await import("../run/periods.js")).run(args, io),
};
