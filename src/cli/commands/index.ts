import type { Command } from "../command.js";
import { exportContactsCommand } from "./export-contacts.js";
import { exportTasksCommand } from "./export-tasks.js";
import { importContactsCommand } from "./import-contacts.js";
import { importCommand } from "./import.js";
import { initCommand } from "./init.js";
import { inviteCommand } from "./invite.js";
import { migrateCommand } from "./migrate.js";
import { periodsCommand } from "./periods.js";
import { planCommand } from "./plan.js";
import { seedCommand } from "./seed.js";
import { startCommand } from "./start.js";
import { statusCommand } from "./status.js";
import { summaryCommand } from "./summary.js";
import { webLinkCommand } from "./web-link.js";

/**
 * Every `zhuanban` subcommand, in the order `zhuanban --help` lists them. Each file here imports
 * nothing but ../command.js; its `run` loads the implementation (src/cli/run/) on call.
 */
export const commands: readonly Command[] = [
  startCommand,
  migrateCommand,
  initCommand,
  seedCommand,
  inviteCommand,
  webLinkCommand,
  statusCommand,
  summaryCommand,
  importCommand,
  exportTasksCommand,
  importContactsCommand,
  exportContactsCommand,
  periodsCommand,
  planCommand,
];
