// One measured figure with its target, and the table and JSON file the runner writes.

import { writeFile } from "node:fs/promises";
import { cpus } from "node:os";

/** `max`: the figure must stay at or below the target (a time, a size); `min`: at or above (a rate). */
export type Bound = "max" | "min";

export interface Figure {
  /** Short id in the table, e.g. `1a`. */
  id: string;
  /** The measurement number (1-6). */
  item: number;
  name: string;
  /** null: not measured (the reason is in `note`). */
  value: number | null;
  unit: string;
  /** null: shown for context, no target of its own. */
  target: number | null;
  bound?: Bound;
  note?: string;
  /** The machine's 1-minute load average when the figure's item began (set by the runner). */
  load?: number;
}

export interface ScoredFigure extends Figure {
  /** value / target: below 1 is good for `max`, above 1 for `min`. */
  ratio: number | null;
  ok: boolean | null;
}

export function score(figure: Figure): ScoredFigure {
  if (figure.value === null || figure.target === null || !figure.bound || !Number.isFinite(figure.value)) {
    return { ...figure, ratio: null, ok: figure.value === null && figure.target !== null ? false : null };
  }
  const ratio = figure.target === 0 ? null : figure.value / figure.target;
  const ok = figure.bound === "max" ? figure.value <= figure.target : figure.value >= figure.target;
  return { ...figure, ratio, ok };
}

function formatNumber(value: number): string {
  const abs = Math.abs(value);
  if (Number.isInteger(value)) return abs >= 10_000 ? value.toLocaleString("en-US") : String(value);
  if (abs >= 10_000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return "not measured";
  if (!Number.isFinite(value)) return String(value);
  return `${formatNumber(value)} ${unit}`.trim();
}

function formatTarget(f: Figure): string {
  if (f.target === null || !f.bound) return "—";
  return `${f.bound === "max" ? "≤" : "≥"} ${formatNumber(f.target)} ${f.unit}`.trim();
}

/** Display width: CJK and other wide characters take two columns. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

const pad = (text: string, n: number) => text + " ".repeat(Math.max(0, n - width(text)));

/** The figures as rows of cells: id, figure, measured, target, ratio, ok. */
export function tableRows(figures: readonly ScoredFigure[]): string[][] {
  return figures.map((f) => [
    f.id,
    f.name,
    formatValue(f.value, f.unit),
    formatTarget(f),
    f.ratio === null ? "—" : f.ratio.toFixed(2),
    f.ok === null ? "" : f.ok ? "ok" : "MISS",
    f.load === undefined ? "" : machineState(f.load),
  ]);
}

/** Cores of this machine: a load average above them means other work was waiting for a CPU. */
const CORES = cpus().length;

/** `quiet 0.4` or `busy 3.1`: the load average against the cores, so each figure says what it ran beside. */
export function machineState(load: number): string {
  return `${load <= CORES * 0.5 ? "quiet" : load <= CORES ? "shared" : "busy"} ${load.toFixed(1)}`;
}

export const TABLE_HEADER = ["#", "figure", "measured", "target", "ratio", "", "load"];

/** A plain-text table for the terminal. */
export function renderTable(figures: readonly ScoredFigure[]): string {
  const rows = [TABLE_HEADER, ...tableRows(figures)];
  const widths = TABLE_HEADER.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

/** The same table in Markdown, for the README. */
export function renderMarkdown(figures: readonly ScoredFigure[]): string {
  const escape = (s: string) => s.replace(/\|/g, "\\|");
  const rows = [TABLE_HEADER, ...tableRows(figures)];
  return [
    `| ${rows[0]!.join(" | ")} |`,
    `| ${rows[0]!.map(() => "---").join(" | ")} |`,
    ...rows.slice(1).map((r) => `| ${r.map(escape).join(" | ")} |`),
  ].join("\n");
}

export interface BenchResults {
  startedAt: string;
  totalMs: number;
  machine: { node: string; cpus: number; cpuModel: string; memoryGb: number; postgres: string };
  database: { name: string; kept: boolean; reused: boolean };
  dataset: Record<string, unknown>;
  figures: ScoredFigure[];
  notes: string[];
}

export async function writeResults(file: string, results: BenchResults): Promise<void> {
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
}
