// Prints the table of a bench run from its results file (default bench/results.json), as text or,
// with --markdown, as the Markdown table of the README's Benchmarks section.
//
//   npx tsx bench/print.ts [--markdown] [FILE]

import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { renderMarkdown, renderTable, type BenchResults } from "./lib/results.js";

const { values, positionals } = parseArgs({
  options: { markdown: { type: "boolean", default: false } },
  allowPositionals: true,
});
const file = positionals[0] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "results.json");
const results = JSON.parse(await readFile(file, "utf8")) as BenchResults;
const m = results.machine;
const header = `${results.startedAt}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, PostgreSQL ${m.postgres}; whole run ${(results.totalMs / 1000).toFixed(0)} s`;
if (values.markdown) {
  console.log(`${header}\n\n${renderMarkdown(results.figures)}\n`);
  for (const f of results.figures) if (f.note) console.log(`- ${f.id}: ${f.note}`);
} else {
  console.log(`${header}\n\n${renderTable(results.figures)}\n`);
  for (const f of results.figures) if (f.note) console.log(`  ${f.id}: ${f.note}`);
  for (const note of results.notes) console.log(`\n${note}`);
}
