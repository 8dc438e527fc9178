// `npm run bench`: every measurement of issue 8 against a real PostgreSQL, in one run.
//
//   npm run bench                       throwaway database zb_bench_<random>, dropped at the end
//   npm run bench -- --keep             keep it (its name is printed) ...
//   npm run bench -- --db zb_bench_x    ... and reuse it (generated once, reset before each run)
//   npm run bench -- --only 4,6         some measurements only
//   npm run bench -- --quick            small counts: checks the harness, measures nothing
//
// Prints a progress line per step and the table (figure, measured, target, ratio), and writes
// bench/results.json. Nothing here runs under `npm test`.

import { randomBytes } from "node:crypto";
import { cpus, loadavg, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { applyMigrations } from "../src/store/migrate.js";
import { createPrismaClient } from "../src/store/client.js";
import { generate, readDatasetInfo, type DatasetInfo } from "./generate.js";
import { briefing } from "./items/briefing.js";
import { cliEmbedded } from "./items/cli-embedded.js";
import { dispatch } from "./items/dispatch.js";
import { intake } from "./items/intake.js";
import { planning } from "./items/planning.js";
import { slackAck } from "./items/slack-ack.js";
import { startup } from "./items/startup.js";
import { statusViews } from "./items/status.js";
import { webConsole } from "./items/web.js";
import { resetVolatile, silentLogger, type BenchContext, type BenchItem } from "./lib/context.js";
import { checkName, createDatabase, databaseExists, dropDatabase, serverVersion, urlFor } from "./lib/db.js";
import { renderTable, score, writeResults, type Figure, type ScoredFigure } from "./lib/results.js";

const benchDir = path.dirname(fileURLToPath(import.meta.url));

/** In the order they run: reads first, then what writes (reset in between), the child process last. */
const ITEMS: readonly BenchItem[] = [
  planning,
  statusViews,
  briefing,
  intake,
  dispatch,
  slackAck,
  startup,
  cliEmbedded,
  webConsole,
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: "string" },
      keep: { type: "boolean", default: false },
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      seed: { type: "string", default: "8" },
      scale: { type: "string", default: "1" },
      out: { type: "string", default: path.join(benchDir, "results.json") },
    },
  });
  const started = performance.now();
  const startedAt = new Date();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  const progress = (line: string) => console.log(`[${elapsed().padStart(7)}] ${line}`);
  const only = values.only ? new Set(values.only.split(",").map((s) => Number(s.trim()))) : null;
  const spec = { seed: Number(values.seed), scale: Number(values.scale) };
  if (!Number.isInteger(spec.seed) || !(spec.scale > 0 && spec.scale <= 1)) {
    throw new Error("--seed must be an integer and --scale in (0, 1]");
  }

  const name = checkName(values.db ?? `zb_bench_${randomBytes(4).toString("hex")}`);
  const keep = values.keep || values.db !== undefined;
  const url = urlFor(name);
  let reused = false;
  let data: DatasetInfo | null = null;
  if (await databaseExists(name)) {
    data = await readDatasetInfo(url).catch(() => null);
    if (data && data.seed === spec.seed && data.scale === spec.scale) {
      reused = true;
      // A database generated before a new migration gets it (pending ones only; nothing otherwise).
      await applyMigrations(url);
      progress(`reusing ${name} (seed ${data.seed}, scale ${data.scale}, generated earlier in ${data.generateMs} ms)`);
    } else {
      data = null;
    }
  }
  if (!data) {
    progress(`creating database ${name} on ${new URL(url).host} and applying the migrations`);
    const migrateMs = await createDatabase(name);
    progress(
      `migrated in ${Math.round(migrateMs)} ms; generating the data set (seed ${spec.seed}, scale ${spec.scale})`,
    );
    data = await generate(url, spec, progress);
    progress(`data set generated in ${(data.generateMs / 1000).toFixed(1)} s: ${JSON.stringify(data.counts)}`);
  }
  await resetVolatile(url);

  const prisma = createPrismaClient(url, 10);
  const notes: string[] = [];
  const ctx: BenchContext = {
    url,
    prisma,
    calendar: await loadWorkCalendar(),
    data,
    options: { quick: values.quick },
    log: silentLogger(),
    progress: (line) => progress(line),
    note: (line) => notes.push(line),
  };
  const figures: Figure[] = [];
  try {
    for (const item of ITEMS) {
      if (only && !only.has(item.item)) continue;
      // Measured by the machine, not by us: it says how busy the machine was as the item began
      // (this run's previous item counts too, for about a minute).
      const load = loadavg()[0]!;
      progress(`(${item.item}) ${item.title} [load average ${load.toFixed(1)} on ${cpus().length} cores]`);
      try {
        const result = (await item.run(ctx)).map((f) => ({ ...f, load }));
        figures.push(...result);
        for (const f of result.map(score)) {
          progress(`  ${f.id} ${f.name.trim()}: ${f.value === null ? "not measured" : `${f.value} ${f.unit}`}`);
        }
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        progress(`  FAILED: ${message}`);
        figures.push({
          id: `${item.item}`,
          item: item.item,
          name: item.title,
          value: null,
          unit: "",
          target: 0,
          note: `failed: ${message.split("\n")[0]}`,
          load,
        });
      }
      await resetVolatile(url);
    }
  } finally {
    await prisma.$disconnect();
    if (!keep) {
      await dropDatabase(name);
      progress(`dropped ${name}`);
    } else {
      progress(`kept ${name}: reuse it with npm run bench -- --db ${name}`);
    }
  }

  const scored: ScoredFigure[] = figures.sort((a, b) => a.item - b.item).map(score);
  const totalMs = Math.round(performance.now() - started);
  console.log("");
  console.log(renderTable(scored));
  for (const f of scored) if (f.note) console.log(`  ${f.id}: ${f.note}`);
  console.log("");
  console.log(`ratio = measured / target (a ceiling is met below 1, a floor above 1)`);
  console.log(`total ${(totalMs / 1000).toFixed(1)} s`);
  const cpu = cpus();
  await writeResults(values.out, {
    startedAt: startedAt.toISOString(),
    totalMs,
    machine: {
      node: process.version,
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? "unknown",
      memoryGb: Math.round(totalmem() / 2 ** 30),
      postgres: await serverVersion(),
    },
    database: { name, kept: keep, reused },
    dataset: { ...data },
    figures: scored,
    notes,
  });
  console.log(`wrote ${path.relative(process.cwd(), values.out)}`);
}

await main();
