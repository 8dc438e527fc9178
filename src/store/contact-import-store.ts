import { createHash } from "node:crypto";
import type { RosterChanges, RosterExportRow, RosterStore, UnreachableUnit } from "../core/contact-import.js";
import { isUnitRole, type RosterRole } from "../domain/contact-sheet/columns.js";
import type { RosterPerson } from "../domain/contact-sheet/parse.js";
import type { Prisma, PrismaClient } from "./client.js";
import { markImported } from "./task-import-store.js";

type Tx = Prisma.TransactionClient;
type GroupRole = "convenor" | "deputy" | "office" | "reporter";

/** Thrown inside the transaction of a dry run so that nothing is committed. */
class DryRunRollback extends Error {}

const LEADER_ROLE: Record<Exclude<RosterRole, "primary" | "deputy-contact">, GroupRole> = {
  convenor: "convenor",
  deputy: "deputy",
  office: "office",
};

export function createRosterStore(prisma: PrismaClient): RosterStore {
  return {
    async groups() {
      const groups = await prisma.workGroup.findMany({
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
        include: { memberUnits: { include: { unit: { select: { key: true } } } } },
      });
      return groups.map((g) => ({
        id: g.id,
        key: g.key,
        name: g.name,
        shortName: g.shortName,
        memberUnits: g.memberUnits.map((m) => m.unit.key),
      }));
    },
    units: () =>
      prisma.unit.findMany({
        select: { key: true, name: true, shortName: true, aliases: true },
        orderBy: { key: "asc" },
      }),
    async applyRoster(people, groupKeys, options) {
      let result: { changes: RosterChanges; unreachable: UnreachableUnit[] } | undefined;
      try {
        await prisma.$transaction(
          async (tx) => {
            const groups = await tx.workGroup.findMany({
              where: { key: { in: groupKeys } },
              include: { memberUnits: true },
            });
            const before = await unreachableUnits(tx, groups);
            const changes = await writeRoster(tx, people, groups);
            const after = await unreachableUnits(tx, groups);
            const wasReachable = new Set(before.filter((u) => u.reachable).map((u) => `${u.groupId}|${u.unitKey}`));
            result = {
              changes,
              unreachable: after
                .filter((u) => !u.reachable)
                .map(({ reachable: _, ...u }) => ({
                  ...u,
                  leftByImport: wasReachable.has(`${u.groupId}|${u.unitKey}`),
                })),
            };
            if (options.dryRun) throw new DryRunRollback();
          },
          { timeout: 120_000, maxWait: 30_000 },
        );
      } catch (error) {
        if (!(error instanceof DryRunRollback)) throw error;
      }
      if (!result) throw new Error("roster transaction finished without a result");
      return result;
    },
    async exportRows(groupKeys) {
      const groups = await prisma.workGroup.findMany({
        where: groupKeys.length > 0 ? { key: { in: groupKeys } } : {},
        orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
        include: { memberUnits: { include: { unit: true } } },
      });
      const contacts = await prisma.contact.findMany({
        where: { active: true },
        orderBy: { key: "asc" },
        include: { unitRoles: { include: { unit: true } }, groupRoles: true },
      });
      const rows: RosterExportRow[] = [];
      for (const group of groups) {
        const members = new Map(group.memberUnits.map((m) => [m.unitId, m.unit]));
        for (const contact of contacts) {
          const base = {
            group: group.key,
            name: contact.name,
            phone: contact.phone,
            email: contact.email,
            title: contact.title,
            key: contact.key,
            telegram: contact.telegramHandle,
            slack: contact.slackHandle,
          };
          const roles = contact.groupRoles.filter((r) => r.groupId === group.id);
          for (const role of (["convenor", "deputy", "office"] as const).filter((r) => roles.some((x) => x.role === r)))
            rows.push({ ...base, unit: null, role });
          if (!roles.some((r) => r.role === "reporter")) continue;
          for (const link of contact.unitRoles.filter((l) => members.has(l.unitId)))
            rows.push({ ...base, unit: link.unit.name, role: link.role === "primary" ? "primary" : "deputy-contact" });
        }
      }
      return rows;
    },
  };
}

type GroupRow = { id: string; key: string; memberUnits: { unitId: string }[] };

async function writeRoster(tx: Tx, people: RosterPerson[], groups: GroupRow[]): Promise<RosterChanges> {
  const changes: RosterChanges = {
    created: 0,
    updated: 0,
    rolesAdded: 0,
    rolesRemoved: 0,
    examplesRetired: [],
    deactivated: [],
    total: 0,
  };
  const groupIds = new Map(groups.map((g) => [g.key, g.id]));
  const covered = new Set(groups.map((g) => g.id));
  const coveredUnits = new Set(groups.flatMap((g) => g.memberUnits.map((m) => m.unitId)));
  const unitIds = new Map((await tx.unit.findMany({ select: { id: true, key: true } })).map((u) => [u.key, u.id]));
  const stored = await tx.contact.findMany({ include: { unitRoles: true, groupRoles: true } });
  const byKey = new Map(stored.map((c) => [c.key, c]));
  const touched = new Set<string>();
  const listed = new Set<string>();

  for (const person of people) {
    const match = person.key ? byKey.get(person.key) : findByIdentity(stored, person, groupIds);
    // An example contact exported and imported back as it was stays an example; a name, phone or
    // e-mail filled in makes it the real person.
    const stillExample =
      match?.isExample === true &&
      match.name === person.name &&
      match.phone === person.phone &&
      match.email === person.email;
    const data = {
      name: person.name,
      phone: person.phone,
      email: person.email,
      active: true,
      isExample: stillExample,
      ...(person.title !== null && { title: person.title }),
      ...(person.telegram !== null && { telegramHandle: person.telegram }),
      ...(person.slack !== null && { slackHandle: person.slack }),
    };
    let contact = match;
    if (!contact) {
      const key = person.key ?? freshKey(person, byKey);
      const created = await tx.contact.create({ data: { key, ...data } });
      contact = { ...created, unitRoles: [], groupRoles: [] };
      byKey.set(key, contact);
      changes.created += 1;
      touched.add(contact.id);
    } else if (Object.entries(data).some(([f, v]) => (contact as Record<string, unknown>)[f] !== v)) {
      await tx.contact.update({ where: { id: contact.id }, data });
      changes.updated += 1;
      touched.add(contact.id);
    }
    listed.add(contact.id);
    const contactId = contact.id;

    // Unit roles on the covered groups' member units follow the roster; others are left alone.
    const wantedUnits = new Map<string, "primary" | "deputy">();
    for (const r of person.roles)
      if (isUnitRole(r.role) && r.unit)
        wantedUnits.set(unitId(unitIds, r.unit), r.role === "primary" ? "primary" : "deputy");
    for (const link of contact.unitRoles) {
      if (!coveredUnits.has(link.unitId)) continue;
      const want = wantedUnits.get(link.unitId);
      wantedUnits.delete(link.unitId);
      if (want === link.role) continue;
      const where = { contactId_unitId: { contactId, unitId: link.unitId } };
      if (want) await tx.contactUnitRole.update({ where, data: { role: want } });
      else await tx.contactUnitRole.delete({ where });
      changes[want ? "rolesAdded" : "rolesRemoved"] += 1;
      touched.add(contactId);
    }
    for (const [id, role] of wantedUnits) {
      // The unit's previous primary contact, if someone else, becomes a deputy below or is removed.
      await tx.contactUnitRole.create({ data: { contactId, unitId: id, role } });
      changes.rolesAdded += 1;
      touched.add(contactId);
    }

    const wantedGroups = new Set(
      person.roles.map((r) => `${groupIds.get(r.group)}|${isUnitRole(r.role) ? "reporter" : LEADER_ROLE[r.role]}`),
    );
    for (const link of contact.groupRoles) {
      if (!covered.has(link.groupId)) continue;
      if (wantedGroups.delete(`${link.groupId}|${link.role}`)) continue;
      await tx.contactGroupRole.delete({
        where: { contactId_groupId_role: { contactId, groupId: link.groupId, role: link.role } },
      });
      changes.rolesRemoved += 1;
      touched.add(contactId);
    }
    for (const id of wantedGroups) {
      const [groupId, role] = id.split("|") as [string, GroupRole];
      await tx.contactGroupRole.create({ data: { contactId, groupId, role } });
      changes.rolesAdded += 1;
      touched.add(contactId);
    }
  }

  // Units and leader roles the roster fills: their example contacts are retired.
  const filledUnits = new Set(
    people.flatMap((p) => p.roles.flatMap((r) => (isUnitRole(r.role) && r.unit ? [unitId(unitIds, r.unit)] : []))),
  );
  const filledRoles = new Set(
    people.flatMap((p) =>
      p.roles.flatMap((r) => (isUnitRole(r.role) ? [] : [`${groupIds.get(r.group)}|${LEADER_ROLE[r.role]}`])),
    ),
  );
  for (const contact of stored) {
    if (listed.has(contact.id) || !contact.active) continue;
    const inCovered =
      contact.groupRoles.some((r) => covered.has(r.groupId)) ||
      contact.unitRoles.some((r) => coveredUnits.has(r.unitId));
    if (!inCovered) continue;
    if (contact.isExample) {
      const replaced =
        contact.unitRoles.some((r) => filledUnits.has(r.unitId)) ||
        contact.groupRoles.some((r) => filledRoles.has(`${r.groupId}|${r.role}`));
      if (!replaced) continue;
      await retire(tx, contact.id);
      changes.examplesRetired.push({ key: contact.key, name: contact.name });
      touched.add(contact.id);
      continue;
    }
    // A real person no longer on the roster: their roles in the covered groups go.
    const removeGroupRoles = contact.groupRoles.filter((r) => covered.has(r.groupId));
    const removeUnitRoles = contact.unitRoles.filter((r) => coveredUnits.has(r.unitId));
    await tx.contactGroupRole.deleteMany({
      where: { contactId: contact.id, groupId: { in: removeGroupRoles.map((r) => r.groupId) } },
    });
    await tx.contactUnitRole.deleteMany({
      where: { contactId: contact.id, unitId: { in: removeUnitRoles.map((r) => r.unitId) } },
    });
    changes.rolesRemoved += removeGroupRoles.length + removeUnitRoles.length;
    touched.add(contact.id);
    const left =
      contact.groupRoles.length - removeGroupRoles.length + contact.unitRoles.length - removeUnitRoles.length;
    if (left === 0) {
      const unbound = await retire(tx, contact.id);
      changes.deactivated.push({
        key: contact.key,
        name: contact.name,
        groupIds: [...new Set(removeGroupRoles.map((r) => r.groupId))],
        unboundIdentities: unbound,
      });
    }
  }
  await markImported(tx, "Contact", [...touched]);
  changes.total =
    changes.created +
    changes.updated +
    changes.rolesAdded +
    changes.rolesRemoved +
    changes.examplesRetired.length +
    changes.deactivated.length;
  return changes;
}

/**
 * Takes a contact out of service, keeping its history (reports, roles of example contacts): no
 * more reminders (inactive), its chat identities unbound, its unused invite codes withdrawn.
 */
async function retire(tx: Tx, contactId: string): Promise<number> {
  await tx.contact.update({ where: { id: contactId }, data: { active: false } });
  await tx.inviteCode.deleteMany({ where: { contactId, usedAt: null } });
  const unbound = await tx.chatIdentity.updateMany({ where: { contactId }, data: { contactId: null, boundAt: null } });
  return unbound.count;
}

type StoredContact = Prisma.ContactGetPayload<{ include: { unitRoles: true; groupRoles: true } }>;

/** A listed person without 编码: the real contact of the same name with the same phone or e-mail. */
function findByIdentity(
  stored: StoredContact[],
  person: RosterPerson,
  groupIds: Map<string, string>,
): StoredContact | undefined {
  const real = stored.filter((c) => !c.isExample && c.name === person.name);
  const same = real.find(
    (c) => (person.phone !== null && c.phone === person.phone) || (person.email !== null && c.email === person.email),
  );
  if (same) return same;
  // Entered without phone and e-mail before (seed files): the same name in one of the person's groups.
  const groups = new Set(person.roles.map((r) => groupIds.get(r.group)));
  return real.find((c) => c.phone === null && c.email === null && c.groupRoles.some((r) => groups.has(r.groupId)));
}

/** `c-` and a short hash of name and phone or e-mail: the same person gets the same key on every import. */
function freshKey(person: RosterPerson, taken: Map<string, unknown>): string {
  const hash = createHash("sha256")
    .update(`${person.name}|${person.phone ?? ""}|${person.email ?? ""}`)
    .digest("hex");
  let key = `c-${hash.slice(0, 10)}`;
  for (let n = 2; taken.has(key); n++) key = `c-${hash.slice(0, 10)}-${n}`;
  return key;
}

function unitId(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  // The roster was checked against the units before the transaction; this guards against a race.
  if (!id) throw new Error(`unit ${key} disappeared during the roster import`);
  return id;
}

/**
 * The units that lead an active task in these groups, each with whether any of its active contacts
 * is bound to a chat that can still be reached: a unit without one gets reminders nobody reads.
 */
async function unreachableUnits(
  tx: Tx,
  groups: { id: string; key: string }[],
): Promise<(Omit<UnreachableUnit, "leftByImport"> & { reachable: boolean })[]> {
  const leads = await tx.taskUnit.findMany({
    where: { role: "lead", task: { active: true, groupId: { in: groups.map((g) => g.id) } } },
    select: {
      task: { select: { groupId: true } },
      unit: {
        select: {
          key: true,
          name: true,
          contacts: {
            where: { contact: { active: true } },
            select: {
              contact: {
                select: {
                  identities: { where: { boundAt: { not: null }, unreachableAt: null }, select: { id: true } },
                },
              },
            },
          },
        },
      },
    },
  });
  const keys = new Map(groups.map((g) => [g.id, g.key]));
  const seen = new Map<string, Omit<UnreachableUnit, "leftByImport"> & { reachable: boolean }>();
  for (const lead of leads) {
    const id = `${lead.task.groupId}|${lead.unit.key}`;
    if (seen.has(id)) continue;
    seen.set(id, {
      groupId: lead.task.groupId,
      groupKey: keys.get(lead.task.groupId) ?? "",
      unitKey: lead.unit.key,
      unitName: lead.unit.name,
      hasContact: lead.unit.contacts.length > 0,
      reachable: lead.unit.contacts.some((c) => c.contact.identities.length > 0),
    });
  }
  return [...seen.values()].sort((a, b) => a.groupKey.localeCompare(b.groupKey) || a.unitKey.localeCompare(b.unitKey));
}
