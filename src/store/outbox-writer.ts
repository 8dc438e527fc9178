import {
  directAddress,
  reportedKey,
  type BoundChannel,
  type OutboxRow,
  type OutboxWriter,
  type Recipient,
  type SchedulerStore,
  type UnreachableReason,
} from "../core/scheduler/ports.js";
import { Prisma, type PrismaClient } from "./client.js";

/**
 * The scheduler's cursor: one AuditLog row (entity `scheduler`, action `scheduler.tick`) whose `at`
 * is the end of the last window planned, updated in place by every tick so the log does not grow
 * by a row a minute. A fixed id makes it findable and lets two processes upsert the same row.
 */
const TICK_ROW_ID = "5c4ed01e-0000-4000-8000-000000000001";

/**
 * A column as its distinct values and, per row, the 1-based index of the row's value in them. The
 * rows of a tick share most of their uuids, instants and payloads (one payload object per task,
 * unit and locale), and Prisma's client spends far longer on large parameters than PostgreSQL
 * spends on the insert: each distinct value crosses it once, a repeat costs an integer.
 */
function interned<K, V>(rows: readonly OutboxRow[], pick: (row: OutboxRow) => K, encode: (key: K) => V) {
  const at = new Map<K, number>();
  const values: V[] = [];
  const index = rows.map((row) => {
    const key = pick(row);
    let i = at.get(key);
    if (i === undefined) {
      i = values.push(encode(key));
      at.set(key, i);
    }
    return i;
  });
  return { values, index };
}

const same = <T>(value: T) => value;
const iso = (ms: number) => new Date(ms).toISOString();

export function createOutboxWriter(prisma: PrismaClient): OutboxWriter {
  return {
    async enqueue(rows) {
      if (rows.length === 0) return 0;
      // INSERT ... SELECT FROM unnest, 5,000 rows a statement: the tick that falls on a due day
      // writes a row per (task, lead unit, contact), and Prisma's createMany cost seven times as
      // much for 10,000 rows (bench/, item 1). Repeating columns go as distinct values plus an
      // index per row (see interned), and the ids are drawn by PostgreSQL.
      let count = 0;
      for (let start = 0; start < rows.length; start += 5000) {
        const batch = rows.slice(start, start + 5000);
        const kind = interned(batch, (r) => r.kind, same);
        const stage = interned(batch, (r) => r.stage, same);
        const group = interned(batch, (r) => r.groupId, same);
        const period = interned(batch, (r) => r.periodId, same);
        const task = interned(batch, (r) => r.taskId, same);
        const unit = interned(batch, (r) => r.unitId, same);
        const contact = interned(batch, (r) => r.recipientContactId, same);
        const channel = interned(batch, (r) => r.recipientChannelId, same);
        const platform = interned(batch, (r) => r.platform, same);
        // By identity: the scheduler builds a payload once and gives it to all its recipients.
        const payload = interned(
          batch,
          (r) => r.payload,
          (p) => JSON.stringify(p),
        );
        const due = interned(batch, (r) => r.dueAt.getTime(), iso);
        const next = interned(batch, (r) => r.nextAttemptAt.getTime(), iso);
        count += await prisma.$executeRaw`
          INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, stage, "groupId", "periodId", "taskId", "unitId",
            "recipientContactId", "recipientChannelId", platform, address, payload, "dueAt", "nextAttemptAt")
          SELECT gen_random_uuid(), x.key, (${kind.values}::text[])[x.kind]::"OutboxKind", (${stage.values}::text[])[x.stage],
                 (${group.values}::uuid[])[x.g], (${period.values}::uuid[])[x.p], (${task.values}::uuid[])[x.t],
                 (${unit.values}::uuid[])[x.u], (${contact.values}::uuid[])[x.c], (${channel.values}::uuid[])[x.ch],
                 (${platform.values}::text[])[x.platform]::"Platform", x.address, (${payload.values}::jsonb[])[x.payload],
                 (${due.values}::timestamptz[])[x.due], (${next.values}::timestamptz[])[x.next]
          FROM unnest(
            ${batch.map((r) => r.dedupeKey)}::text[], ${kind.index}::int[], ${stage.index}::int[], ${group.index}::int[],
            ${period.index}::int[], ${task.index}::int[], ${unit.index}::int[], ${contact.index}::int[],
            ${channel.index}::int[], ${platform.index}::int[], ${batch.map((r) => r.address)}::text[],
            ${payload.index}::int[], ${due.index}::int[], ${next.index}::int[]
          ) AS x(key, kind, stage, g, p, t, u, c, ch, platform, address, payload, due, next)
          -- A key another tick or process wrote first stays as it is.
          ON CONFLICT ("dedupeKey") DO NOTHING`;
      }
      return count;
    },

    async existingKeys(keys) {
      if (keys.length === 0) return new Set();
      const rows = await prisma.outboxMessage.findMany({
        where: { dedupeKey: { in: [...keys] } },
        select: { dedupeKey: true },
      });
      return new Set(rows.map((r) => r.dedupeKey));
    },
  };
}

const identitySelect = {
  where: { unreachableAt: null },
  select: { platform: true, platformUserId: true, directChatId: true, boundAt: true },
  orderBy: [{ boundAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
} satisfies Prisma.Contact$identitiesArgs;

type ContactWithIdentities = {
  id: string;
  locale: string | null;
  identities: { platform: Recipient["platform"]; platformUserId: string; directChatId: string | null }[];
};

/** One recipient per platform: the most recently bound identity that has a direct chat. */
function recipientsOf(contact: ContactWithIdentities): Recipient[] {
  const seen = new Set<string>();
  const result: Recipient[] = [];
  for (const identity of contact.identities) {
    if (seen.has(identity.platform)) continue;
    const address = directAddress(identity);
    if (address === null) continue;
    seen.add(identity.platform);
    result.push({ contactId: contact.id, locale: contact.locale, platform: identity.platform, address });
  }
  return result;
}

export function createSchedulerStore(prisma: PrismaClient): SchedulerStore {
  return {
    async unitRecipients(unitIds) {
      const result = new Map<string, Recipient[]>();
      if (unitIds.length === 0) return result;
      const roles = await prisma.contactUnitRole.findMany({
        where: { unitId: { in: [...unitIds] }, contact: { active: true } },
        select: { unitId: true, contact: { select: { id: true, locale: true, identities: identitySelect } } },
        orderBy: [{ role: "asc" }, { contact: { key: "asc" } }],
      });
      for (const { unitId, contact } of roles) {
        result.set(unitId, [...(result.get(unitId) ?? []), ...recipientsOf(contact)]);
      }
      return result;
    },

    async whyUnreachable(unitIds) {
      const result = new Map<string, UnreachableReason>(unitIds.map((id) => [id, "noContact"]));
      if (unitIds.length === 0) return result;
      const roles = await prisma.contactUnitRole.findMany({
        where: { unitId: { in: [...unitIds] }, contact: { active: true } },
        select: { unitId: true, contact: { select: { identities: { select: { unreachableAt: true } } } } },
      });
      for (const { unitId, contact } of roles) {
        const blocked = contact.identities.length > 0 && contact.identities.every((i) => i.unreachableAt !== null);
        // "blocked" only when every contact of the unit is; one contact not yet bound is the likelier fix.
        if (result.get(unitId) === "noContact" || !blocked) result.set(unitId, blocked ? "blocked" : "notBound");
      }
      return result;
    },

    async describeRecipient({ contactId, channelId }) {
      const [contact, channel] = await Promise.all([
        contactId
          ? prisma.contact.findUnique({
              where: { id: contactId },
              select: { name: true, phone: true, unitRoles: { select: { unit: { select: { name: true } } } } },
            })
          : null,
        channelId
          ? prisma.groupChannel.findUnique({ where: { id: channelId }, select: { group: { select: { name: true } } } })
          : null,
      ]);
      return {
        contact: contact?.name ?? null,
        phone: contact?.phone ?? null,
        units: contact?.unitRoles.map((u) => u.unit.name) ?? [],
        group: channel?.group.name ?? null,
      };
    },

    async groupLeaders(groupIds) {
      const result = new Map<string, Recipient[]>();
      if (groupIds.length === 0) return result;
      const roles = await prisma.contactGroupRole.findMany({
        where: {
          groupId: { in: [...groupIds] },
          role: { in: ["convenor", "deputy", "office"] },
          contact: { active: true },
        },
        select: { groupId: true, contact: { select: { id: true, locale: true, identities: identitySelect } } },
        orderBy: [{ role: "asc" }, { contact: { key: "asc" } }],
      });
      const seen = new Set<string>();
      for (const { groupId, contact } of roles) {
        // A contact with two leading roles in one group gets one escalation.
        if (seen.has(`${groupId}|${contact.id}`)) continue;
        seen.add(`${groupId}|${contact.id}`);
        result.set(groupId, [...(result.get(groupId) ?? []), ...recipientsOf(contact)]);
      }
      return result;
    },

    async boundChannels(groupIds) {
      const result = new Map<string, BoundChannel[]>();
      if (groupIds.length === 0) return result;
      const channels = await prisma.groupChannel.findMany({
        where: { groupId: { in: [...groupIds] }, unreachableAt: null },
        select: { id: true, groupId: true, platform: true, chatId: true },
        orderBy: [{ boundAt: "asc" }, { id: "asc" }],
      });
      for (const channel of channels) result.set(channel.groupId, [...(result.get(channel.groupId) ?? []), channel]);
      return result;
    },

    async reportedKeys(periodIds) {
      if (periodIds.length === 0) return new Set();
      const reports = await prisma.report.findMany({
        where: { periodId: { in: [...periodIds] }, isCurrent: true },
        select: { periodId: true, taskId: true, unitId: true },
      });
      return new Set(reports.map((r) => reportedKey(r.periodId, r.taskId, r.unitId)));
    },

    async lastTick() {
      const row = await prisma.auditLog.findUnique({ where: { id: TICK_ROW_ID }, select: { at: true } });
      return row?.at ?? null;
    },

    async recordTick(to, details) {
      const data = { at: to, details: details as Prisma.InputJsonValue };
      const upsert = () =>
        prisma.auditLog.upsert({
          where: { id: TICK_ROW_ID },
          create: { id: TICK_ROW_ID, actor: "scheduler", action: "scheduler.tick", entity: "scheduler", ...data },
          update: data,
        });
      try {
        await upsert();
      } catch (error) {
        // Two processes creating the row at once: the loser updates the row the winner created.
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
        await upsert();
      }
    },
  };
}
