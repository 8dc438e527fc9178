import { createPrismaClient } from "../src/store/client.js";
import { createStatusStore } from "../src/store/status-store.js";
import { createOldStatusStore } from "./_old-status-store.js";
import { createReportStore } from "../src/store/report-store.js";
import { createDigestStore } from "../src/store/digest-store.js";
import { summarize } from "../src/core/digest/summary.js";
import { buildDigest } from "../src/core/digest/build-digest.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { parsePeriodId } from "../src/domain/time/periods.js";
import { BENCH_NOW } from "./generate.js";
const prisma = createPrismaClient("postgresql://postgres@127.0.0.1:5432/zb_bench_i19p2");
const calendar = await loadWorkCalendar();
const reports = createReportStore(prisma), digests = createDigestStore(prisma);
const times: Record<string, number> = {};
function wrap<T extends object>(o: T, tag: string): T {
  return new Proxy(o, { get(t, k) { const f = (t as any)[k]; if (typeof f !== "function") return f;
    return async (...a: unknown[]) => { const s = performance.now(); try { return await f(...a); } finally { times[`${tag}.${String(k)}`] = (times[`${tag}.${String(k)}`] ?? 0) + performance.now() - s; } }; } });
}
const A = { status: wrap(createOldStatusStore(prisma), "s"), reports: wrap(reports, "r"), digests: wrap(digests, "d"), calendar };
const B = { status: wrap(createStatusStore(prisma), "s"), reports: wrap(reports, "r"), digests: wrap(digests, "d"), calendar };
const groups = await prisma.workGroup.findMany({ select: { id: true, key: true, name: true, timezone: true }, orderBy: { sortOrder: "asc" } });
const period = parsePeriodId("2025-11-X3");
const build = process.argv[2] === "build";
async function all(deps: typeof A) {
  for (const g of groups) build ? await buildDigest(deps, g, period, BENCH_NOW, "zh-CN") : await summarize(deps, g, { period }, BENCH_NOW, "zh-CN");
}
const ta: number[] = [], tb: number[] = [];
for (let i = 0; i < 3; i++) {
  for (const k of Object.keys(times)) delete times[k];
  let t = performance.now(); await all(A); ta.push(performance.now() - t);
  const pa = Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ");
  for (const k of Object.keys(times)) delete times[k];
  t = performance.now(); await all(B); tb.push(performance.now() - t);
  console.log(`before ${ta.at(-1)!.toFixed(0)} [${pa}]\nafter ${tb.at(-1)!.toFixed(0)} [${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}]`);
}
await prisma.$disconnect();
