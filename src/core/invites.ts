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
  saveInvite(invite: { codeHash: string; contactId: string; unitId: string | null; expiresAt: Date }): Promise<void>;
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
  if (!Number.isInteger(input.validDays) || input.validDays < 1 || input.validDays > 90) {
    throw new AppError("invalid_argument", { name: "days", reason: "between 1 and 90" });
  }
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
    if (contacts.length === 0) throw new AppError("contact_not_found", { contact: wanted, unit: "-" });
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
