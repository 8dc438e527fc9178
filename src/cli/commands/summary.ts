import type { Command } from "../command.js";

export const summaryCommand: Command = {
  name: "summary",
  summary: "write a digest (旬简报 / 月通报 / 季总结) of a period as Markdown, Word and Excel files",
  usage: [
    "zhuanban summary --group KEY --period ID [--format md,docx,xlsx] [--out DIR] [--at TIME]",
    "",
    "  --group KEY      work group key, e.g. minsheng",
    "  --period ID      2023-01-X2 (旬简报), 2023-M01 (月通报) or 2023-Q1 (季总结)",
    "  --format LIST    any of md, docx, xlsx, comma-separated (default md)",
    "  --out DIR        folder for the files (default the current folder)",
    "  --at TIME        build the digest as it stood at this instant (default now)",
  ].join("\n"),
  options: {
    group: { type: "string" },
    period: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    at: { type: "string" },
  },
  run: async (args, io) => (await import("../run/summary.js")).run(args, io),
};
