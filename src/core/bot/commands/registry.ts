import type { Reply } from "../../chat/inbound.js";
import type { BotContext } from "../context.js";

export interface BotCommand {
  /** ASCII name as typed after the slash (Telegram allows only these). */
  name: string;
  /** Chinese aliases, typed with or without the slash. */
  aliases: readonly string[];
  /** False for commands an unbound user may run (/help, /bind). */
  needsBinding: boolean;
  run(ctx: BotContext, args: string): Promise<Reply> | Reply;
}

/** Finds a command by name or alias, ignoring a Telegram-style @botname suffix and case. */
export function findCommand(commands: readonly BotCommand[], typed: string): BotCommand | undefined {
  const name = typed
    .replace(/^[/／]/, "")
    .replace(/@\S+$/, "")
    .toLowerCase();
  return commands.find((c) => c.name === name || c.aliases.includes(name));
}
