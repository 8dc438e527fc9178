import path from "node:path";
import { buildDigest } from "../../core/digest/build-digest.js";
import { digestPeriod, PeriodRefusedError, storedPeriod } from "../../core/digest/summary.js";
import { safeParsePeriodId } from "../../domain/time/periods.js";
import { briefingOptionsOf } from "../../render/export/briefing.js";
import { briefingCharts, chartFileName, digestToMarkdown } from "../../render/export/digest-markdown.js";
import { createDigestIssueStore } from "../../store/digest-issue-store.js";
import { resolvePlanGroup } from "../../core/plan/plan-window.js";
import { createPlanStore } from "../../store/plan-store.js";
import { createReportStore } from "../../store/report-store.js";
import { createStatusStore } from "../../store/status-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { prepareOutFolder, writeOutFile } from "../out-path.js";
import { loadCalendarFor, parseInstant } from "../time-args.js";

const FORMATS = ["md", "docx", "xlsx"] as const;
type Format = (typeof FORMATS)[number];

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const groupKey = requireString(args, "group", "summary");
  const periodText = requireString(args, "period", "summary");
  const parsed = safeParsePeriodId(periodText);
  if (!parsed.ok) {
    throw new CliError(
      `zhuanban summary: --period "${periodText}" is not a period such as 2023-01-X2, 2023-M01, 2023-Q1`,
    );
  }
  const formats = (optionalString(args, "format") ?? "md").split(",").map((f) => f.trim().toLowerCase());
  const unknown = formats.filter((f) => !FORMATS.includes(f as Format));
  if (unknown.length > 0)
    throw new CliError(`zhuanban summary: unknown --format ${unknown.join(", ")}; use md, docx, xlsx`);
  const outText = optionalString(args, "out") ?? ".";
  const outDir = path.resolve(outText);
  const calendar = await loadCalendarFor("summary");
  await withDatabase(io, { migrate: false }, async (db, config) => {
    const status = createStatusStore(db.prisma);
    const group = await resolvePlanGroup(createPlanStore(db.prisma), groupKey).catch((error: unknown) => {
      throw describeAppError(error, "summary");
    });
    const atText = optionalString(args, "at");
    const at = atText ? parseInstant(atText, group.timezone) : new Date();
    if (!at) throw new CliError(`zhuanban summary: --at must be an ISO 8601 time such as 2023-01-21T09:00+08:00`);
    const deps = { status, reports: createReportStore(db.prisma), calendar };
    // Checked before anything is built: a refused period writes no file and no row.
    await digestPeriod(deps, group, { period: parsed.period }, at).catch((error: unknown) => {
      if (!(error instanceof PeriodRefusedError)) throw error;
      const range = error.range ? `${error.range.start} to ${error.range.end ?? "open"}` : "none";
      const why =
        error.reason === "not_started"
          ? "has not started yet"
          : `is ${error.reason === "before_plan" ? "before" : "after"} the plan of ${group.key} (${range})`;
      throw new CliError(`zhuanban summary: period ${periodText} ${why}`);
    });
    const content = await buildDigest(deps, group, parsed.period, at, config.locale);
    // The briefing's number (第N期) is the period's, given once and kept; its closing block is the group's.
    const issues = createDigestIssueStore(db.prisma);
    const period = await storedPeriod(deps, group, parsed.period);
    const settings = await issues.settingsOf(group.id);
    const options = briefingOptionsOf({ ...settings, issue: await issues.issueOf(period.id, at) }, group.timezone);
    await prepareOutFolder("summary", outText);
    const name = `${group.key}-${content.period.id}`;
    const base = path.join(outDir, name);
    // The .docx and .xlsx writers (docx, exceljs) load only when asked for: every CLI command, `start`
    // included, would otherwise pay for loading them.
    for (const format of formats as Format[]) {
      const file = `${base}.${format}`;
      if (format === "md") {
        // The charts go beside the Markdown as .svg files, which the text shows as images.
        const { chartToSvg } = await import("../../render/charts/index.js");
        for (const chart of briefingCharts(content, options)) {
          const svgFile = path.join(outDir, chartFileName(name, chart));
          await writeOutFile("summary", svgFile, (await chartToSvg(chart.data)).svg);
          io.out(`wrote ${path.relative(process.cwd(), svgFile) || svgFile}`);
        }
      }
      const data =
        format === "md"
          ? digestToMarkdown(content, { ...options, chartFileBase: name })
          : format === "docx"
            ? await (await import("../../render/export/digest-docx.js")).digestToDocx(content, options)
            : await (await import("../../render/export/digest-xlsx.js")).digestToXlsx(content, options);
      await writeOutFile("summary", file, data);
      io.out(`wrote ${path.relative(process.cwd(), file) || file}`);
    }
  });
}
