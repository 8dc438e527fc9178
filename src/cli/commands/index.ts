import type { Command } from "../command.js";
import { inviteCommand } from "./invite.js";
import { migrateCommand } from "./migrate.js";
import { seedCommand } from "./seed.js";
import { startCommand } from "./start.js";
import { statusCommand } from "./status.js";

/** Every `zhuanban` subcommand, in the order `zhuanban --help` lists them. */
export const commands: readonly Command[] = [startCommand, migrateCommand, seedCommand, inviteCommand, statusCommand];
