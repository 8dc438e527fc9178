import { cellText, createUnitResolver, isBlank } from "../task-sheet/cells.js";
import type { SheetCell, SheetIssue, SheetRow, UnitRef } from "../task-sheet/types.js";
import { toHalfWidth } from "../report/normalize.js";
import {
  CONTACT_SHEET_COLUMNS,
  CONTACT_SHEET_FIELDS,
  contactFieldOfHeader,
  contactHeaderOf,
  isUnitRole,
  ROSTER_ROLES,
  type ContactSheetField,
  type RosterRole,
} from "./columns.js";
import { ROSTER_MESSAGES as M } from "./messages.js";

/** A work group as the roster may name it, with its member units. */
export interface RosterGroup {
  key: string;
  name: string;
  shortName: string | null;
  memberUnits: readonly string[];
}

/** One role of a person: in a group, for a unit (unit contacts) or the group itself (leaders). */
export interface RosterRoleEntry {
  group: string;
  role: RosterRole;
  unit: string | null;
  row: number;
}

/** A person of the roster with every role the sheet gives them. */
export interface RosterPerson {
  /** The 编码 column, when filled. */
  key: string | null;
  name: string;
  phone: string | null;
  email: string | null;
  title: string | null;
  telegram: string | null;
  slack: string | null;
  /** The first row of the person. */
  row: number;
  roles: RosterRoleEntry[];
}

export type RosterParse = { ok: true; people: RosterPerson[]; groups: string[] } | { ok: false; errors: SheetIssue[] };

const HEADER_SEARCH_ROWS = 10;
const CONTACT_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a roster sheet (README "Rosters"). Pure: every problem is collected with its Excel row and
 * column, and the result is `ok` only when there is none. Rows of one person (same 编码, or same
 * 姓名 with the same 手机 or 邮箱) are merged; their personal columns must agree.
 */
export function parseRosterSheet(
  rows: readonly SheetRow[],
  context: { groups: readonly RosterGroup[]; units: readonly UnitRef[] },
): RosterParse {
  const errors: SheetIssue[] = [];
  const headerRow = rows.slice(0, HEADER_SEARCH_ROWS).find((r) => {
    const fields = r.cells.map((c) => contactFieldOfHeader(cellText(c)));
    return fields.includes("name") && fields.includes("role");
  });
  if (!headerRow) return { ok: false, errors: [{ row: 1, message: M.noHeader() }] };
  const columns = new Map<ContactSheetField, number>();
  headerRow.cells.forEach((cell, index) => {
    const field = contactFieldOfHeader(cellText(cell));
    if (!field) return;
    if (columns.has(field)) errors.push({ row: headerRow.row, message: M.duplicateColumn(contactHeaderOf(field)) });
    else columns.set(field, index);
  });
  const missing = CONTACT_SHEET_COLUMNS.filter((c) => c.required && !columns.has(c.field)).map((c) => c.header);
  if (missing.length > 0) errors.push({ row: headerRow.row, message: M.missingColumns(missing) });
  if (errors.length > 0) return { ok: false, errors };

  const units = createUnitResolver(context.units);
  const groupOf = groupResolver(context.groups);
  const people: RosterPerson[] = [];
  const byKey = new Map<string, RosterPerson>();
  const byIdentity = new Map<string, RosterPerson>();
  const seenRoles = new Map<string, number>();
  const primaries = new Map<string, number>();
  const groups = new Set<string>();
  let dataRows = 0;

  for (const row of rows) {
    if (row.row <= headerRow.row) continue;
    const cellOf = (field: ContactSheetField): SheetCell => {
      const index = columns.get(field);
      return index === undefined ? null : (row.cells[index] ?? null);
    };
    if (CONTACT_SHEET_FIELDS.every((f) => isBlank(cellOf(f)))) continue;
    dataRows += 1;
    const before = errors.length;
    const error = (field: ContactSheetField, message: string) =>
      errors.push({ row: row.row, column: contactHeaderOf(field), message });
    const text = (field: ContactSheetField) => (isBlank(cellOf(field)) ? null : cellText(cellOf(field)));

    const name = text("name");
    if (!name) error("name", M.required("姓名"));
    const groupText = text("group");
    const group = groupText ? groupOf(groupText) : undefined;
    if (!groupText) error("group", M.required("专班"));
    else if (!group)
      error(
        "group",
        M.unknownGroup(
          groupText,
          context.groups.map((g) => g.key),
        ),
      );
    const roleText = text("role");
    const role = roleText ? roleOf(roleText) : undefined;
    if (!roleText) error("role", M.required("角色"));
    else if (!role) error("role", M.badRole(roleText));

    let unit: string | null = null;
    const unitText = text("unit");
    if (unitText) {
      const found = units.resolve(unitText);
      if (!found.ok) error("unit", found.message);
      else if (group && !group.memberUnits.includes(found.value))
        error("unit", M.notMember(units.nameOf(found.value), group.name));
      else unit = found.value;
    } else if (role && isUnitRole(role)) error("unit", M.unitRequired());

    const phone = text("phone") ? normalizePhone(text("phone") as string) : null;
    if (phone === undefined) error("phone", M.badPhone(text("phone") as string));
    const emailText = text("email");
    const email = emailText && EMAIL.test(emailText) ? emailText.toLowerCase() : null;
    if (emailText && !email) error("email", M.badEmail(emailText));
    const key = text("key") ? toHalfWidth(text("key") as string).toLowerCase() : null;
    if (key && !CONTACT_KEY.test(key)) error("key", M.badKey(text("key") as string));
    if (!key && !phone && !emailText) error("phone", M.needPhoneOrEmail());
    if (errors.length > before || !name || !group || !role) continue;

    const fields = {
      name,
      phone: phone ?? null,
      email,
      title: text("title"),
      telegram: text("telegram")?.replace(/^@/, "") ?? null,
      slack: text("slack")?.replace(/^@/, "") ?? null,
    };
    const identity = `${name}|${phone ?? email ?? ""}`;
    let person = key ? byKey.get(key) : byIdentity.get(identity);
    if (!person && key && byIdentity.get(identity)?.key === null) person = byIdentity.get(identity);
    if (person) {
      const known: RosterPerson = person;
      if (key && known.key && known.key !== key) {
        error("key", M.keyOfAnother(key, known.row));
        continue;
      }
      const conflicts = (["name", "phone", "email", "title", "telegram", "slack"] as const).filter(
        (f) => fields[f] !== null && known[f] !== null && fields[f] !== known[f],
      );
      if (conflicts.length > 0) {
        for (const f of conflicts) error(f, M.personConflict(contactHeaderOf(f), known.row));
        continue;
      }
      for (const f of ["phone", "email", "title", "telegram", "slack"] as const) known[f] ??= fields[f];
      known.key ??= key;
    } else {
      person = { key, ...fields, row: row.row, roles: [] };
      people.push(person);
    }
    if (person.key) byKey.set(person.key, person);
    byIdentity.set(identity, person);

    const roleUnit = isUnitRole(role) ? unit : null;
    const roleId = `${people.indexOf(person)}|${group.key}|${role}|${roleUnit ?? ""}`;
    const earlier = seenRoles.get(roleId);
    if (earlier !== undefined) {
      error("role", M.duplicateRole(earlier));
      continue;
    }
    seenRoles.set(roleId, row.row);
    if (role === "primary" && roleUnit) {
      const other = primaries.get(roleUnit);
      if (other !== undefined) {
        error("role", M.twoPrimaries(units.nameOf(roleUnit), other));
        continue;
      }
      primaries.set(roleUnit, row.row);
    }
    person.roles.push({ group: group.key, role, unit: roleUnit, row: row.row });
    groups.add(group.key);
  }
  if (dataRows === 0 && errors.length === 0) errors.push({ row: headerRow.row, message: M.noRows() });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, people, groups: [...groups] };
}

function roleOf(text: string): RosterRole | undefined {
  const folded = toHalfWidth(text).replace(/\s+/g, "").toLowerCase();
  return ROSTER_ROLES.find((r) => r.words.some((w) => w.toLowerCase() === folded))?.role;
}

function groupResolver(groups: readonly RosterGroup[]): (text: string) => RosterGroup | undefined {
  const fold = (s: string) => toHalfWidth(s).replace(/\s+/g, "").toLowerCase();
  return (text) => {
    const folded = fold(text);
    return groups.find((g) => [g.key, g.name, g.shortName ?? ""].some((n) => n !== "" && fold(n) === folded));
  };
}

/** `+86 138-0013-8000` → `13800138000`; undefined when it is not a phone number. */
export function normalizePhone(text: string): string | undefined {
  const compact = toHalfWidth(text).replace(/[\s\-()（）]/g, "");
  const digits = compact.replace(/^(\+?86)(?=1\d{10}$)/, "");
  if (/^1\d{10}$/.test(digits)) return digits;
  // Landlines and numbers abroad: kept as written, if they look like a number at all.
  if (/^\+?\d{7,15}$/.test(compact)) return compact;
  return undefined;
}
