/**
 * Whom the console user may act as: a contact named by key or name, the primary contact of a
 * unit named by key, name, short name or alias (省人社厅), or a group role (召集人, 办公室).
 * The console is for local use by whoever runs zhuanban, so no invite code is involved.
 */
export interface ConsoleDirectory {
  findContact(query: string): Promise<{ key: string; name: string } | null>;
  /** The name of the group with this key, for the console's labels. */
  groupName(key: string): Promise<string | null>;
}

export async function resolveConsoleIdentity(
  directory: ConsoleDirectory,
  query: string,
): Promise<{ userId: string; name: string } | null> {
  const contact = await directory.findContact(query.trim());
  return contact ? { userId: contact.key, name: contact.name } : null;
}
