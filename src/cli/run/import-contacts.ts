import { importRoster, type RosterChanges } from "../../core/contact-import.js";
import { formatSheetIssue } from "../../domain/task-sheet/messages.js";
import { systemClock } from "../../domain/time/clock.js";
import { readTaskSheetFile, TaskSheetFileError } from "../../runtime/task-sheet-file.js";
import { createRosterStore } from "../../store/contact-import-store.js";
import { createOutboxWriter, createSchedulerStore } from "../../store/outbox-writer.js";
import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const [file, ...extra] = args.positionals;
  if (!file || extra.length > 0) {
    throw new CliError("zhuanban import-contacts: give exactly one FILE.xlsx (see zhuanban import-contacts --help)");
  }
  const dryRun = args.values["dry-run"] === true;
  const sheet = await readTaskSheetFile(file, { sheet: optionalString(args, "sheet") }).catch((error: unknown) => {
    if (error instanceof TaskSheetFileError) throw new CliError(`zhuanban import-contacts: ${error.message}`, 1);
    throw error;
  });
  await withDatabase(io, { migrate: true }, async (db, config) => {
    const result = await importRoster(
      { rows: sheet.rows, dryRun },
      {
        store: createRosterStore(db.prisma),
        scheduler: createSchedulerStore(db.prisma),
        outbox: createOutboxWriter(db.prisma),
        locale: config.locale,
        now: systemClock.now(),
      },
    );
    if (!result.ok) {
      const lines = result.errors.map(formatSheetIssue);
      if (lines.length === 1)
        throw new CliError(`zhuanban import-contacts: ${file}: ${lines[0]}; nothing was imported`, 1);
      throw new CliError(
        [
          `zhuanban import-contacts: ${file} has ${lines.length} problems; nothing was imported:`,
          ...lines.map((l) => `  ${l}`),
        ].join("\n"),
        1,
      );
    }
    const { changes } = result;
    for (const c of changes.deactivated) {
      io.out(
        `  deactivated: ${c.name} (${c.key}), no longer on the roster; ${c.unboundIdentities} chat accounts unbound`,
      );
    }
    if (changes.examplesRetired.length > 0) {
      io.out(`  example contacts retired: ${changes.examplesRetired.map((c) => c.name).join("、")}`);
    }
    const noContact = result.unreachable.filter((u) => !u.hasContact);
    const unbound = result.unreachable.filter((u) => u.hasContact);
    if (noContact.length > 0) {
      io.err(`warning: units that lead tasks but have no active contact: ${noContact.map(unitLabel).join("、")}`);
    }
    if (unbound.length > 0) {
      io.out(`  units with no contact bound to a chat yet: ${unbound.map(unitLabel).join("、")}`);
      for (const group of [...new Set(unbound.map((u) => u.groupKey))])
        io.out(`  next: zhuanban invite --group ${group} --all --out invites-${group}.xlsx`);
    }
    if (result.noticed > 0) io.out(`  the office was told (${result.noticed} messages queued for the bot to send)`);
    const where = `import-contacts ${file} → ${result.groups.join(", ")}${dryRun ? " (dry run, nothing written)" : ""}`;
    io.out(`${where}: ${describeRosterChanges(changes)} [${result.people} people in the sheet]`);
  });
}

function unitLabel(unit: { groupKey: string; unitName: string }): string {
  return `${unit.unitName}（${unit.groupKey}）`;
}

/** `0 changes, the database already matches` or `5 changes (2 contacts created, ...)`. */
export function describeRosterChanges(changes: RosterChanges): string {
  if (changes.total === 0) return "0 changes, the database already matches";
  const parts = [
    [changes.created, "contacts created"],
    [changes.updated, "contacts updated"],
    [changes.rolesAdded, "roles added or changed"],
    [changes.rolesRemoved, "roles removed"],
    [changes.examplesRetired.length, "example contacts retired"],
    [changes.deactivated.length, "contacts deactivated"],
  ] as const;
  const listed = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return `${changes.total} ${changes.total === 1 ? "change" : "changes"} (${listed.join(", ")})`;
}
