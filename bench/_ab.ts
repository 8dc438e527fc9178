import { isDeepStrictEqual } from "node:util";
import { createPrismaClient } from "../src/store/client.js";
import { createStatusStore } from "../src/store/status-store.js";
import { createOldStatusStore } from "./_old-status-store.js";
import { createReportStore } from "../src/store/report-store.js";
import { evaluateGroup } from "../src/core/evaluation/index.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { parsePeriodId } from "../src/domain/time/periods.js";
import { BENCH_NOW } from "./generate.js";
const prisma = createPrismaClient("postgresql://postgres@127.0.0.1:5432/zb_bench_i19p2");
const calendar = await loadWorkCalendar();
const reports = createReportStore(prisma);
const A = { status: createOldStatusStore(prisma), reports, calendar };
const B = { status: createStatusStore(prisma), reports, calendar };
const group = (await B.status.findGroup(process.argv[2] ?? "minsheng"))!;
const period = process.argv[3] ? parsePeriodId(process.argv[3]) : undefined;
const at = process.argv[4] ? new Date(process.argv[4]) : BENCH_NOW;
const ea = await evaluateGroup(A, group, at, { period }), eb = await evaluateGroup(B, group, at, { period });
console.log("equal", isDeepStrictEqual(JSON.parse(JSON.stringify(ea)), JSON.parse(JSON.stringify(eb))), "tasks", eb.tasks.length);
const ta: number[] = [], tb: number[] = [], ca: number[] = [], cb: number[] = [];
for (let i = 0; i < Number(process.argv[5] ?? 8); i++) {
  let c = process.cpuUsage(); let t = performance.now(); await evaluateGroup(A, group, at, { period }); ta.push(performance.now() - t); ca.push(process.cpuUsage(c).user / 1000);
  c = process.cpuUsage(); t = performance.now(); await evaluateGroup(B, group, at, { period }); tb.push(performance.now() - t); cb.push(process.cpuUsage(c).user / 1000);
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!;
console.log(`app cpu before ${med(ca).toFixed(0)} ms, after ${med(cb).toFixed(0)} ms`);
console.log(`before median ${med(ta).toFixed(0)} ms, after median ${med(tb).toFixed(0)} ms, ratio ${(med(tb) / med(ta)).toFixed(2)}; pairs ${ta.map((a, i) => (tb[i]! / a).toFixed(2)).join(" ")}`);
await prisma.$disconnect();
