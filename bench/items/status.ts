// 4. /status for the largest group and for one task's year of history (p95 < 150 ms); a 旬简报
// over a full period for all groups (< 1 s); its .docx and .xlsx exports (< 2 s).
//
// /status goes through the bot core as a convenor's Telegram command (identity, actor, the
// status view) and is rendered to Telegram HTML, as a user would get it. The 旬简报 is built and
// stored the way the scheduler and /summary do it (summarize: build + save a digest version).

import { renderTelegram } from "../../adapters/telegram/render.js";
import { CallbackStore } from "../../adapters/telegram/render.js";
import type { InboundEvent } from "../../src/core/chat/inbound.js";
import { summarize } from "../../src/core/digest/summary.js";
import type { DigestContent } from "../../src/core/digest/digest-content.js";
import { parsePeriodId } from "../../src/domain/time/periods.js";
import { digestToDocx } from "../../src/render/export/digest-docx.js";
import { digestToXlsx } from "../../src/render/export/digest-xlsx.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { BENCH_NOW } from "../generate.js";
import { benchCore, type BenchContext, type BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { percentile, repeatFor, round } from "../lib/stats.js";

export const statusViews: BenchItem = {
  item: 4,
  title: "/status, history, 旬简报 and its exports",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const { data } = ctx;
    const core = benchCore(ctx, "fixed");
    const callbacks = new CallbackStore();
    const command = (args: string): InboundEvent => ({
      platform: "telegram",
      userId: data.convenorTelegramId,
      chatId: data.convenorTelegramId,
      chatKind: "direct",
      kind: "command",
      command: "status",
      args,
    });
    let chunks = 0;
    const ask = async (args: string) => {
      const reply = await core.handle(command(args));
      for (const message of reply.messages) chunks += renderTelegram(message, { callbacks }).chunks.length;
      return reply;
    };
    const first = await ask("");
    const heading = first.messages[0]?.summary ?? "";
    if (!heading.includes("民生")) throw new Error(`/status did not answer with the group's status: "${heading}"`);
    const history = await ask(data.historyTaskKey);
    const historyRows = history.messages[0]?.blocks.find((b) => b.type === "table");
    const historyCount = historyRows && historyRows.type === "table" ? historyRows.rows.length : 0;
    if (historyCount === 0) throw new Error(`/status ${data.historyTaskKey} showed no history`);

    // Time-boxed: at least 5 runs, up to 30 or about a minute, whichever comes first.
    const [min, max, budget] = ctx.options.quick ? [3, 5, 5_000] : [5, 30, 60_000];
    ctx.progress(`  /status ${data.largestGroup.key}: ${min} to ${max} runs`);
    chunks = 0;
    const status = await repeatFor(budget, min, max, () => ask(""), 0);
    const statusChunks = chunks / status.length;
    ctx.progress(`  /status ${data.historyTaskKey} (${historyCount} reports in the year): ${min} to ${max} runs`);
    const historyTimes = await repeatFor(budget, min, max, () => ask(data.historyTaskKey), 0);
    const runs = `${status.length} and ${historyTimes.length}`;

    // 旬简报 of the last complete 旬, every group.
    const deps = {
      status: createStatusStore(ctx.prisma),
      reports: createReportStore(ctx.prisma),
      digests: createDigestStore(ctx.prisma),
      calendar: ctx.calendar,
    };
    const groups = await ctx.prisma.workGroup.findMany({
      select: { id: true, key: true, name: true, timezone: true },
      orderBy: { sortOrder: "asc" },
    });
    const period = parsePeriodId(data.lastFullDekad);
    const digestRuns = ctx.options.quick ? 1 : 2;
    ctx.progress(`  旬简报 ${data.lastFullDekad} for ${groups.length} groups: ${digestRuns} runs`);
    let contents: DigestContent[] = [];
    const digestAll = async () => {
      contents = [];
      for (const group of groups) {
        contents.push((await summarize(deps, group, { period }, BENCH_NOW, "zh-CN")).content);
      }
    };
    const digests = await repeatFor(20_000, 1, digestRuns, digestAll, 0);
    const rows = contents.reduce((n, c) => n + c.rows.length, 0);

    ctx.progress(`  exports of the ${groups.length} digests (${rows} rows): ${digestRuns} runs each`);
    let docxBytes = 0;
    let xlsxBytes = 0;
    const docx = await repeatFor(
      20_000,
      1,
      digestRuns,
      async () => {
        docxBytes = 0;
        for (const c of contents) docxBytes += (await digestToDocx(c, { timeZone: data.timezone })).length;
      },
      0,
    );
    const xlsx = await repeatFor(
      20_000,
      1,
      digestRuns,
      async () => {
        xlsxBytes = 0;
        for (const c of contents) xlsxBytes += (await digestToXlsx(c, { timeZone: data.timezone })).length;
      },
      0,
    );
    const largest = contents[0]!;
    ctx.note(
      `4: /status as the convenor of ${data.largestGroup.key} (${data.largestGroup.units} units, ${data.largestGroup.tasks} tasks) ` +
        `through the bot core and Telegram rendering (${round(statusChunks, 0)} messages of <= 4096 characters), ${runs} runs (time-boxed); ` +
        `history of ${data.historyTaskKey}: ${historyCount} reports. 旬简报 ${data.lastFullDekad}: summarize() (build + store) ` +
        `for all ${groups.length} groups in sequence, ${rows} rows in all (${largest.rows.length} in ${largest.group.key}); ` +
        `exports of all ${groups.length}: .docx ${Math.round(docxBytes / 1024)} KiB, .xlsx ${Math.round(xlsxBytes / 1024)} KiB. Median of ${digests.length}, ${docx.length} and ${xlsx.length} runs (at most ${digestRuns}, time-boxed).`,
    );
    return [
      {
        id: "4a",
        item: 4,
        name: `/status, largest group (p95)`,
        value: round(percentile(status, 95)),
        unit: "ms",
        target: 150,
        bound: "max",
        note: `p50 ${round(percentile(status, 50))} ms`,
      },
      {
        id: "4b",
        item: 4,
        name: `/status TASK, a year of history (p95)`,
        value: round(percentile(historyTimes, 95)),
        unit: "ms",
        target: 150,
        bound: "max",
        note: `p50 ${round(percentile(historyTimes, 50))} ms`,
      },
      {
        id: "4c",
        item: 4,
        name: `旬简报, full period, all ${groups.length} groups`,
        value: round(percentile(digests, 50)),
        unit: "ms",
        target: 1000,
        bound: "max",
      },
      {
        id: "4d",
        item: 4,
        name: `.docx export of it`,
        value: round(percentile(docx, 50)),
        unit: "ms",
        target: 2000,
        bound: "max",
      },
      {
        id: "4e",
        item: 4,
        name: `.xlsx export of it`,
        value: round(percentile(xlsx, 50)),
        unit: "ms",
        target: 2000,
        bound: "max",
      },
    ];
  },
};
