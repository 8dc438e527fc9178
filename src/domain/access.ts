/**
 * Who may do what (docs/design.md, Security): a contact reports only for their own units; the
 * convenor, deputy and office of a group see its full status and may trigger digests and chases.
 */
export type GroupRole = "convenor" | "deputy" | "office" | "reporter";

export interface Actor {
  contactId: string;
  name: string;
  groupRoles: { groupKey: string; groupName: string; role: GroupRole }[];
  units: { unitId: string; key: string; name: string }[];
}

const LEADERSHIP: readonly GroupRole[] = ["convenor", "deputy", "office"];

/** Groups this actor leads (convenor, deputy or office), where they see and act on everything. */
export function ledGroups(actor: Actor): string[] {
  return [...new Set(actor.groupRoles.filter((r) => LEADERSHIP.includes(r.role)).map((r) => r.groupKey))];
}

export function leadsGroup(actor: Actor, groupKey: string): boolean {
  return ledGroups(actor).includes(groupKey);
}

/** Only the office (and the convenor and deputy) may bind a group's channel. */
export function mayBindChannel(actor: Actor, groupKey: string): boolean {
  return leadsGroup(actor, groupKey);
}

export function reportsForUnit(actor: Actor, unitId: string): boolean {
  return actor.units.some((u) => u.unitId === unitId);
}

/** Groups the actor belongs to in any role, leaders first. */
export function groupsOf(actor: Actor): string[] {
  const led = ledGroups(actor);
  const others = actor.groupRoles.map((r) => r.groupKey).filter((g) => !led.includes(g));
  return [...new Set([...led, ...others])];
}
