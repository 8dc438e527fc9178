import { randomUUID } from "node:crypto";
import type { IdentityStore } from "../core/ports.js";
import type { Actor } from "../domain/access.js";
import { driverQuery, Prisma, type PrismaClient } from "./client.js";
import { LINK_COLUMNS, SCOPE_JSON, type ReportingScopes, type ScopeJson } from "./reporting-scope.js";

interface ArriveRow {
  fresh: boolean;
  id: string | null;
  contactId: string | null;
  lockedUntil: Date | null;
  contactName: string | null;
  contactActive: boolean | null;
  groupRoles: Actor["groupRoles"] | null;
  units: Actor["units"] | null;
  flow: string | null;
  state: unknown;
  expiresAt: Date | null;
  planRevision: string | null;
  scope: ScopeJson | null;
}

/**
 * One statement, so one round trip for every inbound event (it used to be three: the event, the
 * identity, the actor; and a fourth for the conversation). An event id already marked processed (a
 * platform retry of an event that was handled) leaves the identity alone and no row comes back
 * from "me", which is how a duplicate shows. The mark itself is written only once the event's
 * work is done (markProcessed, or with the report it stores), so a crash in between leaves the
 * redelivery free to do the work. Otherwise the identity is inserted, or updated when something of
 * it changes (a known, reachable sender writes nothing), and the contact behind it read with its
 * group roles (groups in display order), its units (by key) and any stored
 * conversation, and the plan revision (src/store/plan-revision.ts) in the same snapshot, with which
 * the report store answers the sender's tasks without reading them (src/store/reporting-scope.ts);
 * and when asked ($8) the reporting scope of an active contact's units, unless it is kept under
 * that revision already ($7): a contact's first report after a start or a change of the plan then
 * costs no statement of its own for it. Through the pg driver (driverQuery): it runs for every
 * event, and Prisma's query compiler cost more CPU than the statement. Parameters: $1 platform,
 * $2 event id, $3 a new identity id, $4 platform user id, $5 display name, $6 direct chat id,
 * $7 the revision the sender's scope is kept under, $8 whether to read the scope.
 */
const ARRIVE_SQL = `
  WITH go AS (
    SELECT NOT EXISTS (
      SELECT 1 FROM "ProcessedEvent" WHERE platform = $1::"Platform" AND "eventId" = $2::text
    ) AS fresh
  ), known AS (
    SELECT id, "contactId", "lockedUntil" FROM "ChatIdentity"
    WHERE platform = $1::"Platform" AND "platformUserId" = $4::text AND "unreachableAt" IS NULL
      AND ($5::text IS NULL OR "displayName" = $5::text) AND ($6::text IS NULL OR "directChatId" = $6::text)
  ), ident AS (
    -- Nothing to change (the common case: a known, reachable sender): no write at all.
    INSERT INTO "ChatIdentity" (id, platform, "platformUserId", "displayName", "directChatId", "updatedAt")
    SELECT $3::uuid, $1::"Platform", $4::text, $5::text, $6::text, now()
    FROM go WHERE go.fresh AND NOT EXISTS (SELECT 1 FROM known)
    -- Writing to the bot again proves the person is reachable: reminders resume.
    ON CONFLICT (platform, "platformUserId") DO UPDATE SET
      "unreachableAt" = NULL,
      "displayName" = COALESCE(EXCLUDED."displayName", "ChatIdentity"."displayName"),
      "directChatId" = COALESCE(EXCLUDED."directChatId", "ChatIdentity"."directChatId"),
      "updatedAt" = now()
    RETURNING id, "contactId", "lockedUntil"
  ), me AS (
    SELECT * FROM ident
    UNION ALL
    SELECT known.* FROM known, go WHERE go.fresh
  ), rev AS (
    SELECT (SELECT revision::text FROM "PlanRevision" WHERE id = 1) AS revision
  ), links AS MATERIALIZED (
    SELECT ${LINK_COLUMNS}
    FROM me
    JOIN "Contact" pc ON pc.id = me."contactId" AND pc.active
    JOIN "ContactUnitRole" pr ON pr."contactId" = pc.id
    JOIN "TaskUnit" tu ON tu."unitId" = pr."unitId" AND tu.role = 'lead'::"TaskUnitRole"
    JOIN "Task" t ON t.id = tu."taskId" AND t.active
    WHERE $8::boolean AND (SELECT revision FROM rev) IS DISTINCT FROM $7::text
  )
  SELECT go.fresh, i.id::text AS id, i."contactId"::text AS "contactId", i."lockedUntil",
         c.name AS "contactName", c.active AS "contactActive",
         CASE WHEN c.id IS NOT NULL THEN COALESCE((
           SELECT json_agg(json_build_object('groupKey', g.key, 'groupName', g.name, 'role', r.role)
                           ORDER BY g."sortOrder", g.key, r.role)
           FROM "ContactGroupRole" r JOIN "WorkGroup" g ON g.id = r."groupId"
           WHERE r."contactId" = c.id
         ), '[]'::json) END AS "groupRoles",
         CASE WHEN c.id IS NOT NULL THEN COALESCE((
           SELECT json_agg(json_build_object('unitId', u.id, 'key', u.key, 'name', u.name) ORDER BY u.key)
           FROM "ContactUnitRole" r JOIN "Unit" u ON u.id = r."unitId"
           WHERE r."contactId" = c.id
         ), '[]'::json) END AS units,
         cs.flow, cs.state, cs."expiresAt",
         rev.revision AS "planRevision",
         CASE WHEN $8::boolean AND c.active AND rev.revision IS DISTINCT FROM $7::text THEN ${SCOPE_JSON} END AS scope
  FROM go
  CROSS JOIN rev
  LEFT JOIN me i ON true
  LEFT JOIN "Contact" c ON c.id = i."contactId"
  LEFT JOIN "ConversationState" cs ON cs."identityId" = i.id`;

/**
 * `scopes`: the reporting scopes the report store of this process reads (src/runtime/wiring.ts
 * gives both the same); an arrival then reads the sender's scope when it is not kept.
 */
export function createIdentityStore(prisma: PrismaClient, scopes?: ReportingScopes): IdentityStore {
  return {
    async arrive({ platform, platformUserId, displayName, directChatId, eventId }) {
      const sender = `${platform}|${platformUserId}`;
      const rows = await driverQuery<ArriveRow>(
        prisma,
        ARRIVE_SQL,
        [
          platform,
          eventId ?? null,
          randomUUID(),
          platformUserId,
          displayName ?? null,
          directChatId ?? null,
          scopes?.knownFor(sender) ?? null,
          scopes !== undefined,
        ],
        "zb_arrive",
      );
      const row = rows[0];
      if (!row?.fresh) return { duplicate: true };
      if (!row.id) throw new Error("arrive: the chat identity was not stored");
      const identity = {
        id: row.id,
        platform,
        platformUserId,
        contactId: row.contactId,
        lockedUntil: row.lockedUntil,
      };
      const actor: Actor | null =
        row.contactId && row.contactActive
          ? { contactId: row.contactId, name: row.contactName!, groupRoles: row.groupRoles!, units: row.units! }
          : null;
      if (scopes && actor) {
        const unitIds = actor.units.map((u) => u.unitId);
        if (row.scope && row.planRevision !== null) scopes.keep(sender, unitIds, row.planRevision, row.scope);
        else scopes.seen(sender, unitIds);
      }
      const conversation =
        row.flow !== null && row.expiresAt ? { flow: row.flow, state: row.state, expiresAt: row.expiresAt } : null;
      return { duplicate: false, identity, actor, conversation, planRevision: row.planRevision };
    },

    async markProcessed({ platform, eventId, at }) {
      await driverQuery(
        prisma,
        `INSERT INTO "ProcessedEvent" (platform, "eventId", "receivedAt")
         VALUES ($1::"Platform", $2::text, $3::timestamptz)
         ON CONFLICT DO NOTHING`,
        [platform, eventId, at],
      );
    },

    async actor(contactId) {
      // One query (it runs for every inbound event): the contact with its group roles (groups in
      // display order) and its units (by key).
      const rows = await prisma.$queryRaw<
        { id: string; name: string; active: boolean; groupRoles: Actor["groupRoles"]; units: Actor["units"] }[]
      >(Prisma.sql`
        SELECT c.id, c.name, c.active,
               COALESCE((
                 SELECT json_agg(json_build_object('groupKey', g.key, 'groupName', g.name, 'role', r.role)
                                 ORDER BY g."sortOrder", g.key, r.role)
                 FROM "ContactGroupRole" r JOIN "WorkGroup" g ON g.id = r."groupId"
                 WHERE r."contactId" = c.id
               ), '[]'::json) AS "groupRoles",
               COALESCE((
                 SELECT json_agg(json_build_object('unitId', u.id, 'key', u.key, 'name', u.name) ORDER BY u.key)
                 FROM "ContactUnitRole" r JOIN "Unit" u ON u.id = r."unitId"
                 WHERE r."contactId" = c.id
               ), '[]'::json) AS units
        FROM "Contact" c
        WHERE c.id = ${contactId}::uuid`);
      const contact = rows[0];
      if (!contact || !contact.active) return null;
      const actor: Actor = {
        contactId: contact.id,
        name: contact.name,
        groupRoles: contact.groupRoles,
        units: contact.units,
      };
      return actor;
    },

    contactByKey: (key) => prisma.contact.findUnique({ where: { key }, select: { id: true } }),

    async bindConsoleIdentity(identityId, contactId, at) {
      await prisma.chatIdentity.update({ where: { id: identityId }, data: { contactId, boundAt: at } });
    },

    contactsByEmail(email) {
      return prisma.contact.findMany({
        where: { email: { equals: email.trim(), mode: "insensitive" }, active: true, isExample: false },
        select: { id: true },
        take: 2,
      });
    },

    async bindIdentityByEmail(identityId, contactId, at) {
      // Conditional: a concurrent /bind or a second event of the same person binds once.
      const bound = await prisma.chatIdentity.updateMany({
        where: { id: identityId, contactId: null },
        data: { contactId, boundAt: at, lockedUntil: null },
      });
      return bound.count === 1;
    },

    beginBindAttempt({ identityId, at, since, perIdentity, overall, lockUntil }) {
      return prisma.$transaction(async (tx) => {
        // One bind attempt at a time, across processes: the counts below cannot go stale.
        await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('zhuanban.bind-attempt'))::text`;
        const identity = await tx.chatIdentity.findUniqueOrThrow({
          where: { id: identityId },
          select: { lockedUntil: true },
        });
        if (identity.lockedUntil && identity.lockedUntil > at) {
          return { ok: false, reason: "locked", until: identity.lockedUntil } as const;
        }
        const failures = await tx.bindAttempt.count({ where: { identityId, succeeded: false, at: { gte: since } } });
        if (failures >= perIdentity) {
          await tx.chatIdentity.update({ where: { id: identityId }, data: { lockedUntil: lockUntil } });
          return { ok: false, reason: "locked", until: lockUntil } as const;
        }
        const everyone = await tx.bindAttempt.count({ where: { succeeded: false, at: { gte: since } } });
        if (everyone >= overall) return { ok: false, reason: "busy" } as const;
        const attempt = await tx.bindAttempt.create({
          data: { identityId, at, succeeded: false },
          select: { id: true },
        });
        return { ok: true, attemptId: attempt.id, failuresBefore: failures } as const;
      });
    },

    async lockIdentity(identityId, until) {
      await prisma.chatIdentity.update({ where: { id: identityId }, data: { lockedUntil: until } });
    },

    async settleBindAttempt(attemptId, succeeded) {
      if (succeeded) await prisma.bindAttempt.update({ where: { id: attemptId }, data: { succeeded: true } });
    },

    async redeemInvite(codeHash, identityId, at) {
      return prisma.$transaction(async (tx) => {
        const invite = await tx.inviteCode.findUnique({ where: { codeHash } });
        if (!invite) return { ok: false, reason: "invalid" } as const;
        if (invite.usedAt) return { ok: false, reason: "used" } as const;
        if (invite.expiresAt.getTime() <= at.getTime()) return { ok: false, reason: "expired" } as const;
        // Conditional update: of two concurrent redemptions only one sees usedAt still null.
        const claimed = await tx.inviteCode.updateMany({
          where: { id: invite.id, usedAt: null },
          data: { usedAt: at, usedByIdentityId: identityId },
        });
        if (claimed.count !== 1) return { ok: false, reason: "used" } as const;
        await tx.chatIdentity.update({
          where: { id: identityId },
          data: { contactId: invite.contactId, boundAt: at, lockedUntil: null },
        });
        return { ok: true, contactId: invite.contactId } as const;
      });
    },

    async bindChannel({ groupKey, platform, chatId, title, contactId, at }) {
      const group = await prisma.workGroup.findUniqueOrThrow({ where: { key: groupKey }, select: { id: true } });
      await prisma.groupChannel.upsert({
        where: { platform_chatId: { platform, chatId } },
        create: { groupId: group.id, platform, chatId, title: title ?? null, boundByContactId: contactId, boundAt: at },
        update: {
          groupId: group.id,
          title: title ?? null,
          boundByContactId: contactId,
          boundAt: at,
          unreachableAt: null,
        },
      });
    },

    async groupOfChannel(platform, chatId) {
      const channel = await prisma.groupChannel.findUnique({
        where: { platform_chatId: { platform, chatId } },
        select: { group: { select: { key: true } } },
      });
      return channel?.group.key ?? null;
    },

    listGroups: () =>
      prisma.workGroup.findMany({
        select: { key: true, name: true, timezone: true },
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      }),

    async audit(entry) {
      await prisma.auditLog.create({
        data: {
          at: entry.at,
          actorContactId: entry.actorContactId ?? null,
          actor: entry.actor,
          action: entry.action,
          entity: entry.entity,
          entityId: entry.entityId ?? null,
          details: (entry.details ?? {}) as Prisma.InputJsonValue,
        },
      });
    },
  };
}
