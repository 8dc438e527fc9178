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
import { driverQuery, Prisma, type PrismaClient } from "./client.js";

/**
 * The scheduler's cursor: one AuditLog row (entity `scheduler`, action `scheduler.tick`) whose `at`
 * is the end of the last window planned, updated in place by every tick so the log does not grow
 * by a row a minute. A fixed id makes it findable and lets two processes upsert the same row.
 */
const TICK_ROW_ID = "5c4ed01e-0000-4000-8000-000000000001";

export function createOutboxWriter(prisma: PrismaClient): OutboxWriter {
  return {
    async enqueue(rows) {
      if (rows.length === 0) return 0;
      // INSERT ... SELECT, 5,000 rows a statement, through the pg driver: the tick that falls on a
      // due day writes a row per lead unit, stage and contact, and Prisma's createMany cost seven
      // times as much for 10,000 rows, its $executeRaw with the rows as arrays still most of the
      // write (bench/, item 1). The rows go as one JSON parameter, each payload once (the scheduler
      // builds a payload once for all its recipients) and a row names it by its index; the ids are
      // drawn by PostgreSQL.
      let count = 0;
      for (let start = 0; start < rows.length; start += 5000) {
        const batch = rows.slice(start, start + 5000);
        const payloadAt = new Map<OutboxRow["payload"], number>();
        const payloads: OutboxRow["payload"][] = [];
        const table = batch.map((r) => {
          let payload = payloadAt.get(r.payload);
          if (payload === undefined) {
            payload = payloads.push(r.payload);
            payloadAt.set(r.payload, payload);
          }
          return {
            key: r.dedupeKey,
            kind: r.kind,
            stage: r.stage,
            g: r.groupId,
            p: r.periodId,
            t: r.taskId,
            u: r.unitId,
            c: r.recipientContactId,
            ch: r.recipientChannelId,
            platform: r.platform,
            address: r.address,
            payload,
            due: r.dueAt,
            next: r.nextAttemptAt,
          };
        });
        const inserted = await driverQuery<{ n: number }>(
          prisma,
          `WITH payloads AS (
             SELECT i::int AS i, value FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(value, i)
           ), inserted AS (
             INSERT INTO "OutboxMessage" (id, "dedupeKey", kind, stage, "groupId", "periodId", "taskId", "unitId",
               "recipientContactId", "recipientChannelId", platform, address, payload, "dueAt", "nextAttemptAt")
             SELECT gen_random_uuid(), x.key, x.kind::"OutboxKind", x.stage, x.g, x.p, x.t, x.u, x.c, x.ch,
                    x.platform::"Platform", x.address, p.value, x.due, x.next
             FROM json_to_recordset($1::json) AS x(key text, kind text, stage text, g uuid, p uuid, t uuid, u uuid,
               c uuid, ch uuid, platform text, address text, payload int, due timestamptz, next timestamptz)
             JOIN payloads p ON p.i = x.payload
             -- A key another tick or process wrote first stays as it is.
             ON CONFLICT ("dedupeKey") DO NOTHING
             RETURNING 1
           )
           SELECT count(*)::int AS n FROM inserted`,
          [JSON.stringify(table), JSON.stringify(payloads)],
        );
        count += inserted[0]?.n ?? 0;
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
      // A due day's tick asks for thousands of units: one flat statement through the pg driver,
      // where Prisma's nested select (roles, contacts, identities) cost several times the
      // database's work (bench/, item 1). Contacts in the order of `identitySelect`'s caller
      // (primary first, then by key), each contact's identities in `identitySelect`'s order.
      const rows = await driverQuery<{
        unitId: string;
        contactId: string;
        locale: string | null;
        platform: Recipient["platform"] | null;
        platformUserId: string | null;
        directChatId: string | null;
      }>(
        prisma,
        `SELECT r."unitId"::text AS "unitId", c.id::text AS "contactId", c.locale, i.platform::text AS platform,
                i."platformUserId", i."directChatId"
         FROM "ContactUnitRole" r
         JOIN "Contact" c ON c.id = r."contactId" AND c.active
         LEFT JOIN "ChatIdentity" i ON i."contactId" = c.id AND i."unreachableAt" IS NULL
         WHERE r."unitId" = ANY($1::uuid[])
         ORDER BY r.role ASC, c.key ASC, r."unitId", c.id, i."boundAt" DESC NULLS LAST, i."createdAt" DESC`,
        [[...unitIds]],
      );
      let contact: (ContactWithIdentities & { unitId: string }) | undefined;
      const flush = () => {
        if (contact) result.set(contact.unitId, [...(result.get(contact.unitId) ?? []), ...recipientsOf(contact)]);
      };
      for (const row of rows) {
        if (contact?.id !== row.contactId || contact.unitId !== row.unitId) {
          flush();
          contact = { id: row.contactId, locale: row.locale, unitId: row.unitId, identities: [] };
        }
        if (row.platform !== null && row.platformUserId !== null) {
          contact.identities.push({
            platform: row.platform,
            platformUserId: row.platformUserId,
            directChatId: row.directChatId,
          });
        }
      }
      flush();
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
      // Thousands of reports on a due day: through the pg driver (Prisma's result mapping costs per value).
      const reports = await driverQuery<{ periodId: string; taskId: string; unitId: string }>(
        prisma,
        `SELECT "periodId"::text AS "periodId", "taskId"::text AS "taskId", "unitId"::text AS "unitId"
         FROM "Report" WHERE "periodId" = ANY($1::uuid[]) AND "isCurrent"`,
        [[...periodIds]],
      );
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
