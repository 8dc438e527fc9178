import { isUnitRole, rosterRoleLabel, type RosterRole } from "../domain/contact-sheet/columns.js";
import { parseRosterSheet, type RosterGroup, type RosterPerson } from "../domain/contact-sheet/parse.js";
import type { SheetIssue, SheetRow, UnitRef } from "../domain/task-sheet/types.js";
import { translator, type Locale } from "./i18n/catalog.js";
import { rosterMessages } from "./i18n/messages/roster.js";
import type { OutboxRow, OutboxWriter, SchedulerStore } from "./scheduler/ports.js";

/** A stored contact as the roster lists it: one entry per role. */
export interface RosterExportRow {
  group: string;
  unit: string | null;
  name: string;
  role: RosterRole;
  phone: string | null;
  email: string | null;
  title: string | null;
  key: string;
  telegram: string | null;
  slack: string | null;
}

/** A contact the import took every role from: deactivated, chat identity unbound. */
export interface DeactivatedContact {
  key: string;
  name: string;
  /** Ids of the groups they had roles in, whose office is told. */
  groupIds: string[];
  unboundIdentities: number;
}

/** What an import changed; total zero means the database already matched the roster. */
export interface RosterChanges {
  created: number;
  updated: number;
  rolesAdded: number;
  rolesRemoved: number;
  examplesRetired: { key: string; name: string }[];
  deactivated: DeactivatedContact[];
  total: number;
}

/** A unit that leads tasks in a group and has no active contact bound to a chat. */
export interface UnreachableUnit {
  groupId: string;
  groupKey: string;
  unitKey: string;
  unitName: string;
  /** It had a reachable contact before this import: the import left it unreachable. */
  leftByImport: boolean;
  /** It has an active contact at all (who only has to bind an invite code). */
  hasContact: boolean;
}

/** Storage for rosters (src/store/contact-import-store.ts). */
export interface RosterStore {
  groups(): Promise<(RosterGroup & { id: string })[]>;
  units(): Promise<UnitRef[]>;
  /**
   * Makes the roles in the covered groups what the roster says, in one transaction: creates or
   * updates the people (matched by 编码, else by name with phone or e-mail), retires the example
   * contacts of units and roles the roster fills, removes the roles of people no longer listed and
   * deactivates those left without any role (their chat identities unbound, unused invites
   * withdrawn). Rows it changes are marked as imported. `dryRun` rolls everything back.
   */
  applyRoster(
    people: RosterPerson[],
    groupKeys: string[],
    options: { dryRun: boolean },
  ): Promise<{ changes: RosterChanges; unreachable: UnreachableUnit[] }>;
  exportRows(groupKeys: string[]): Promise<RosterExportRow[]>;
}

export type RosterImportResult =
  | {
      ok: true;
      people: number;
      groups: string[];
      changes: RosterChanges;
      unreachable: UnreachableUnit[];
      noticed: number;
    }
  | { ok: false; errors: SheetIssue[] };

/**
 * Loads a roster: the whole sheet is checked first (every problem with its Excel row; nothing is
 * written on error), then applied in one transaction; importing it again changes nothing. The
 * convenor, deputy and office of each group are told (through the outbox, delivered by the running
 * bot) who was deactivated and which units the import left with no reachable contact.
 */
export async function importRoster(
  input: { rows: readonly SheetRow[]; dryRun: boolean },
  deps: {
    store: RosterStore;
    scheduler: SchedulerStore;
    outbox: OutboxWriter;
    locale: Locale;
    now: Date;
  },
): Promise<RosterImportResult> {
  const [groups, units] = await Promise.all([deps.store.groups(), deps.store.units()]);
  const parsed = parseRosterSheet(input.rows, { groups, units });
  if (!parsed.ok) return parsed;
  const { changes, unreachable } = await deps.store.applyRoster(parsed.people, parsed.groups, {
    dryRun: input.dryRun,
  });
  const noticed = input.dryRun ? 0 : await tellOffices(changes, unreachable, groups, deps);
  return { ok: true, people: parsed.people.length, groups: parsed.groups, changes, unreachable, noticed };
}

async function tellOffices(
  changes: RosterChanges,
  unreachable: UnreachableUnit[],
  groups: readonly (RosterGroup & { id: string })[],
  deps: { scheduler: SchedulerStore; outbox: OutboxWriter; locale: Locale; now: Date },
): Promise<number> {
  const rows: OutboxRow[] = [];
  const stamp = deps.now.toISOString();
  const leaders = await deps.scheduler.groupLeaders(groups.map((g) => g.id));
  for (const group of groups) {
    const removed = changes.deactivated.filter((c) => c.groupIds.includes(group.id));
    const left = unreachable.filter((u) => u.groupId === group.id && u.leftByImport);
    if (removed.length === 0 && left.length === 0) continue;
    for (const leader of leaders.get(group.id) ?? []) {
      const locale: Locale = leader.locale === "en" ? "en" : leader.locale === "zh-CN" ? "zh-CN" : deps.locale;
      const t = translator(rosterMessages, locale);
      const lines = [
        ...(removed.length > 0
          ? [t("removed", { names: removed.map((c) => c.name).join(t("separator")), count: removed.length })]
          : []),
        ...(left.length > 0 ? [t("unreachable", { units: left.map((u) => u.unitName).join(t("separator")) })] : []),
        t("hint", { group: group.key }),
      ];
      rows.push({
        dedupeKey: `roster|${group.id}|${stamp}|contact:${leader.contactId}@${leader.platform}`,
        kind: "notice",
        stage: "roster",
        groupId: group.id,
        periodId: null,
        taskId: null,
        unitId: null,
        recipientContactId: leader.contactId,
        recipientChannelId: null,
        platform: leader.platform,
        address: leader.address,
        payload: {
          blocks: [
            { type: "heading", text: t("title", { group: group.name }) },
            { type: "text", text: lines.join("\n") },
          ],
          summary: t("title", { group: group.name }),
        },
        dueAt: deps.now,
        nextAttemptAt: deps.now,
      });
    }
  }
  return rows.length > 0 ? deps.outbox.enqueue(rows) : 0;
}

/** The roster of some groups (all when none is named), one row per role, as import reads it back. */
export async function exportRoster(groupKeys: string[], store: RosterStore): Promise<RosterExportRow[]> {
  return store.exportRows(groupKeys);
}

/** `主联络人` for a unit role; the label of the 角色 column. */
export function roleLabel(role: RosterRole): string {
  return rosterRoleLabel(role);
}

export { isUnitRole };
