/**
 * Console chat ids. The direct chat of identity X is `dm:<userId>`; a group channel is
 * `group:<groupKey>`. The core stores them like any platform's chat ids and sends back to them.
 */
export type ConsoleChat =
  { stream: "dm"; chatId: string; userId: string } | { stream: "group"; chatId: string; group: string };

export function directChatId(userId: string): string {
  return `dm:${userId}`;
}

export function groupChatId(groupKey: string): string {
  return `group:${groupKey}`;
}

/** Reads a console chat id; null when it is not one. */
export function parseChatId(chatId: string): ConsoleChat | null {
  const match = /^(dm|group):(.+)$/.exec(chatId);
  const id = match?.[2];
  if (!match || !id) return null;
  return match[1] === "dm" ? { stream: "dm", chatId, userId: id } : { stream: "group", chatId, group: id };
}
