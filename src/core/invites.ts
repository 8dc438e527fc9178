import { generateInviteCode, hashInviteCode } from "../domain/invite/invite-code.js";
import type { Clock } from "../domain/time/clock.js";
import { AppError } from "./errors.js";

export interface InviteContact {
  id: string;
  key: string;
  name: string;
  isExample: boolean;
}

/** What issuing invites needs from storage (implemented in src/store). */
export interface InviteStore {
  findUnit(unitKeyOrName: string): Promise<{ id: string; key: string; name: string } | null>;
  contactsOfUnit(unitId: string): Promise<InviteContact[]>;
  /** Contacts whose key or exact name matches (office staff and convenors belong to no unit). */
  findContacts(keyOrName: string): Promise<InviteContact[]>;
  saveInvite(invite: {
    codeHash: string;
    contactId: string;
    unitId: string | null;
    groupId?: string | null;
    expiresAt: Date;
  }): Promise<void>;
  findGroup(key: string): Promise<{ id: string; key: string; name: string; timezone: string } | null>;
  groupKeys(): Promise<string[]>;
  /**
   * The group's active people (its convenor, deputy, office and reporters, and the contacts of its
   * member units) with no chat account bound yet, each with the unit they report for (if any).
   */
  unboundContactsOfGroup(groupId: string): Promise<(InviteContact & GroupInviteeDetails)[]>;
}

/** What the invite sheet says about a person besides the code. */
export interface GroupInviteeDetails {
  unit: { key: string; name: string } | null;
  roles: string[];
  phone: string | null;
  email: string | null;
}

export interface GroupInvites {
  group: { key: string; name: string; timezone: string };
  issued: (IssuedInvite & GroupInviteeDetails)[];
  /** Example contacts left out: placeholders get no code. */
  examplesSkipped: number;
}

/**
 * One code for each person of a group not bound to a chat yet (example contacts left out), for
 * the office's invite sheet (`zhuanban invite --group KEY --all --out invites.xlsx`).
 */
export async function issueGroupInvites(
  input: { group: string; validDays: number },
  deps: { store: InviteStore; clock: Clock; randomBytes: (size: number) => Uint8Array },
): Promise<GroupInvites> {
  checkDays(input.validDays);
  const group = await deps.store.findGroup(input.group);
  if (!group) {
    const known = (await deps.store.groupKeys()).join(", ");
    throw new AppError("group_not_found", { group: input.group, known: known || "none: run zhuanban seed" });
  }
  const people = await deps.store.unboundContactsOfGroup(group.id);
  const real = people.filter((p) => !p.isExample);
  const expiresAt = new Date(deps.clock.now().getTime() + input.validDays * 24 * 3600 * 1000);
  const issued: GroupInvites["issued"] = [];
  for (const person of real) {
    const code = generateInviteCode(deps.randomBytes);
    await deps.store.saveInvite({
      codeHash: hashInviteCode(code),
      contactId: person.id,
      unitId: null,
      groupId: group.id,
      expiresAt,
    });
    issued.push({ ...person, contact: person, code, expiresAt });
  }
  return { group, issued, examplesSkipped: people.length - real.length };
}

function checkDays(validDays: number): void {
  if (!Number.isInteger(validDays) || validDays < 1 || validDays > 90) {
    throw new AppError("invalid_argument", { name: "days", reason: "between 1 and 90" });
  }
}

export interface IssuedInvite {
  contact: InviteContact;
  unit: { key: string; name: string } | null;
  code: string;
  expiresAt: Date;
}

export interface IssueInvitesInput {
  /** A unit key, name or alias: invites for its contacts. Optional when a contact is named. */
  unit?: string | undefined;
  /** A contact's name or key; all contacts of the unit when omitted. */
  contact?: string | undefined;
  validDays: number;
}

/**
 * Issues one-time invite codes for a unit's contacts. Only the hash is stored; the codes are
 * returned once, for the office to hand over by a channel it trusts.
 */
export async function issueInvites(
  input: IssueInvitesInput,
  deps: { store: InviteStore; clock: Clock; randomBytes: (size: number) => Uint8Array },
): Promise<IssuedInvite[]> {
  checkDays(input.validDays);
  if (!input.unit && !input.contact)
    throw new AppError("invalid_argument", { name: "unit", reason: "given (or --contact)" });
  let unit: { id: string; key: string; name: string } | null = null;
  let contacts: InviteContact[];
  if (input.unit) {
    unit = await deps.store.findUnit(input.unit);
    if (!unit) throw new AppError("unit_not_found", { unit: input.unit });
    contacts = await deps.store.contactsOfUnit(unit.id);
    if (input.contact) {
      const wanted = input.contact;
      contacts = contacts.filter((c) => c.name === wanted || c.key === wanted);
      if (contacts.length === 0) throw new AppError("contact_not_found", { contact: wanted, unit: unit.name });
    }
    if (contacts.length === 0) throw new AppError("no_contact_for_unit", { unit: unit.name });
  } else {
    const wanted = input.contact ?? "";
    contacts = await deps.store.findContacts(wanted);
    if (contacts.length === 0) throw new AppError("contact_not_found", { contact: wanted });
    if (contacts.length > 1) throw new AppError("ambiguous_contact", { contact: wanted });
  }
  const expiresAt = new Date(deps.clock.now().getTime() + input.validDays * 24 * 3600 * 1000);
  const issued: IssuedInvite[] = [];
  for (const contact of contacts) {
    const code = generateInviteCode(deps.randomBytes);
    await deps.store.saveInvite({
      codeHash: hashInviteCode(code),
      contactId: contact.id,
      unitId: unit?.id ?? null,
      expiresAt,
    });
    issued.push({ contact, unit: unit ? { key: unit.key, name: unit.name } : null, code, expiresAt });
  }
  return issued;
}
