import type { TaskTarget } from "../core/reports/ports.js";
import type { GroupTask } from "../core/status/ports.js";
import type { Prisma } from "./client.js";
import { toDateString } from "./dates.js";

/** What a query must include to build a {@link GroupTask}: lead units and targets, in order. */
export const groupTaskInclude = {
  units: {
    where: { role: "lead" },
    include: { unit: { select: { id: true, key: true, name: true } } },
    orderBy: { unit: { key: "asc" } },
  },
  targets: { orderBy: [{ sortOrder: "asc" }, { key: "asc" }] },
} satisfies Prisma.TaskInclude;

type TargetRow = Prisma.TargetGetPayload<object>;
type GroupTaskRow = Prisma.TaskGetPayload<{ include: typeof groupTaskInclude }>;

/** A stored target as the core sees it: plain numbers instead of Decimals. */
export function toTaskTarget(g: TargetRow): TaskTarget {
  return {
    id: g.id,
    key: g.key,
    metric: g.metric,
    unitOfMeasure: g.unitOfMeasure,
    baseline: g.baseline === null ? null : g.baseline.toNumber(),
    targetValue: g.targetValue.toNumber(),
    direction: g.direction,
    kind: g.kind,
    minValue: g.minValue === null ? null : g.minValue.toNumber(),
    maxValue: g.maxValue === null ? null : g.maxValue.toNumber(),
    leadUnitId: g.leadUnitId,
  };
}

export function toGroupTask(t: GroupTaskRow): GroupTask {
  return {
    taskId: t.id,
    key: t.key,
    title: t.title,
    startDate: t.startDate ? toDateString(t.startDate) : null,
    endDate: t.endDate ? toDateString(t.endDate) : null,
    cycles: t.cycles,
    leadUnits: t.units.map((u) => u.unit),
    targets: t.targets.map(toTaskTarget),
  };
}
