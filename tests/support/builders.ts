import type { PrismaClient } from "../../src/store/client.js";

/** Minimal rows that most store tests need: one group, unit, contact, task with a target, and a period. */
export async function buildBasics(prisma: PrismaClient, suffix = "") {
  const group = await prisma.workGroup.create({ data: { key: `g${suffix}`, name: `测试专班${suffix}` } });
  const unit = await prisma.unit.create({ data: { key: `u${suffix}`, name: `测试单位${suffix}` } });
  const contact = await prisma.contact.create({
    data: { key: `c${suffix}`, name: `联络人${suffix}`, unitRoles: { create: { unitId: unit.id, role: "primary" } } },
  });
  const task = await prisma.task.create({
    data: {
      groupId: group.id,
      key: "T-01",
      title: "测试任务",
      listKind: "task",
      units: { create: { unitId: unit.id, role: "lead" } },
      targets: { create: { key: "main", metric: "完成值", unitOfMeasure: "万人", targetValue: 70 } },
    },
    include: { targets: true },
  });
  const period = await prisma.period.create({
    data: {
      groupId: group.id,
      cycle: "dekad",
      periodKey: "2023-01-X2",
      startsAt: new Date("2023-01-10T16:00:00Z"),
      endsAt: new Date("2023-01-20T16:00:00Z"),
      dueAt: new Date("2023-01-20T09:00:00Z"),
    },
  });
  return { group, unit, contact, task, period };
}
