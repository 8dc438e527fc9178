import { createPrismaClient } from "../src/store/client.js";
import { createStatusStore } from "../src/store/status-store.js";
import { createReportStore } from "../src/store/report-store.js";
import { latestCurrentValues, latestValuesBySearch } from "../src/store/latest-values.js";
import { evaluateGroup } from "../src/core/evaluation/index.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { BENCH_NOW } from "./generate.js";
const prisma = createPrismaClient("postgresql://postgres@127.0.0.1:5432/zb_bench_i19p2");
const status = createStatusStore(prisma);
const group = (await status.findGroup("minsheng"))!;
const tasks = await status.groupTasks(group.id);
const targets = tasks.flatMap((t) => t.targets.map((g) => ({ id: g.id, taskId: t.taskId, leadUnitId: g.leadUnitId })));
const calendar = await loadWorkCalendar();
const slots = [new Date("2025-11-30T16:00:00Z"), new Date("2025-11-20T16:00:00Z")];
for (const startsBy of slots) {
  const q = { groupId: group.id, periodStartsBy: startsBy, until: BENCH_NOW, targets };
  const a = await latestCurrentValues(prisma, q), b = await latestValuesBySearch(prisma, q);
  const same = a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  console.log("slot", startsBy.toISOString(), "targets", targets.length, "values", a.size, b.size, "same", same);
  const ta: number[] = [], tb: number[] = [];
  for (let i = 0; i < 8; i++) {
    let t = performance.now(); await latestCurrentValues(prisma, q); ta.push(performance.now() - t);
    t = performance.now(); await latestValuesBySearch(prisma, q); tb.push(performance.now() - t);
  }
  const med = (x: number[]) => x.sort((p, q) => p - q)[x.length >> 1]!.toFixed(1);
  console.log("  current-values median", med(ta), "ms; search median", med(tb), "ms");
}
const deps = { status, reports: createReportStore(prisma), calendar };
const te: number[] = [];
for (let i = 0; i < 6; i++) { const t = performance.now(); await evaluateGroup(deps, group, BENCH_NOW); te.push(performance.now() - t); }
console.log("evaluateGroup ms", te.map((x) => x.toFixed(0)).join(" "));
await prisma.$disconnect();
