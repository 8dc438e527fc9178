import { createPrismaClient } from "../src/store/client.js";
import { createStatusStore } from "../src/store/status-store.js";
import { createReportStore } from "../src/store/report-store.js";
import { evaluateGroup } from "../src/core/evaluation/index.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { parsePeriodId } from "../src/domain/time/periods.js";
import { BENCH_NOW } from "./generate.js";
const prisma = createPrismaClient("postgresql://postgres@127.0.0.1:5432/zb_bench_i19p2");
const status = createStatusStore(prisma);
const reports = createReportStore(prisma);
const group = (await status.findGroup("minsheng"))!;
const calendar = await loadWorkCalendar();
const times: Record<string, number[]> = {};
function wrap<T extends object>(o: T): T {
  return new Proxy(o, { get(t, k) { const f = (t as any)[k]; if (typeof f !== "function") return f;
    return async (...a: unknown[]) => { const s = performance.now(); try { return await f(...a); } finally { (times[String(k)] ??= []).push(performance.now() - s); } }; } });
}
const deps = { status: wrap(status), reports: wrap(reports), calendar };
const period = process.argv[2] ? parsePeriodId(process.argv[2]) : undefined;
for (let i = 0; i < 5; i++) {
  for (const k of Object.keys(times)) delete times[k];
  const s = performance.now(); await evaluateGroup(deps, group, BENCH_NOW, { period });
  console.log("total", (performance.now() - s).toFixed(0), Object.entries(times).map(([k, v]) => `${k} ${v.map((x) => x.toFixed(0)).join("+")}`).join(", "));
}
await prisma.$disconnect();
