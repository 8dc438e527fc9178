import { randomUUID } from "node:crypto";
import { createPrismaClient, driverQuery } from "../src/store/client.js";
import { createStatusStore } from "../src/store/status-store.js";
import { createReportStore } from "../src/store/report-store.js";
import { buildDigest } from "../src/core/digest/build-digest.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { parsePeriodId } from "../src/domain/time/periods.js";
import { BENCH_NOW } from "./generate.js";
const prisma = createPrismaClient("postgresql://postgres@127.0.0.1:5432/zb_bench_i19p2");
const deps = { status: createStatusStore(prisma), reports: createReportStore(prisma), calendar: await loadWorkCalendar() };
const g = (await deps.status.findGroup("minsheng"))!;
const content = await buildDigest(deps, g, parsePeriodId("2025-11-X3"), BENCH_NOW, "zh-CN");
const periodId = (await prisma.period.findFirst({ where: { groupId: g.id, periodKey: "2025-11-X3" } }))!.id;
let t = performance.now(); const s = JSON.stringify(content); const json = Buffer.from(s, "utf8");
console.log("stringify+buffer", (performance.now() - t).toFixed(0), "ms", json.length, "bytes");
const old = async () => prisma.$queryRaw`INSERT INTO "Digest" (id, "groupId", "periodId", version, "builtAt", final, content)
  SELECT ${randomUUID()}::uuid, ${g.id}::uuid, ${periodId}::uuid, COALESCE(max(version), 0) + 1, ${BENCH_NOW}::timestamptz, false, convert_from(${json}::bytea, 'UTF8')::json
  FROM "Digest" WHERE "groupId" = ${g.id}::uuid AND "periodId" = ${periodId}::uuid RETURNING version`;
const neu = async () => driverQuery(prisma, `INSERT INTO "Digest" (id, "groupId", "periodId", version, "builtAt", final, content)
  SELECT $1::uuid, $2::uuid, $3::uuid, COALESCE(max(version), 0) + 1, $4::timestamptz, false, convert_from($5::bytea, 'UTF8')::json
  FROM "Digest" WHERE "groupId" = $2::uuid AND "periodId" = $3::uuid RETURNING version`, [randomUUID(), g.id, periodId, BENCH_NOW, json]);
const ta: number[] = [], tb: number[] = [], ca: number[] = [], cb: number[] = [];
for (let i = 0; i < 6; i++) {
  let c = process.cpuUsage(); t = performance.now(); await old(); ta.push(performance.now() - t); ca.push(process.cpuUsage(c).user / 1000);
  c = process.cpuUsage(); t = performance.now(); await neu(); tb.push(performance.now() - t); cb.push(process.cpuUsage(c).user / 1000);
}
const med = (x: number[]) => [...x].sort((p, q) => p - q)[x.length >> 1]!.toFixed(0);
console.log(`prisma wall ${med(ta)} ms cpu ${med(ca)} ms; driver wall ${med(tb)} ms cpu ${med(cb)} ms`);
await prisma.$executeRaw`DELETE FROM "Digest" WHERE "builtAt" = ${BENCH_NOW}::timestamptz AND final = false AND "groupId" = ${g.id}::uuid AND version > 2`;
await prisma.$disconnect();
