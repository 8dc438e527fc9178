import { writeFile } from "node:fs/promises";
import path from "node:path";
import { exportRoster } from "../../core/contact-import.js";
import { createRosterStore } from "../../store/contact-import-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const out = requireString(args, "out", "export-contacts");
  if (!/\.xlsx$/i.test(out))
    throw new CliError(`zhuanban export-contacts: --out must name an .xlsx file, got "${out}"`);
  const group = optionalString(args, "group");
  await withDatabase(io, { migrate: false }, async (db) => {
    const store = createRosterStore(db.prisma);
    if (group && !(await store.groups()).some((g) => g.key === group)) {
      const known = (await store.groups()).map((g) => g.key).join(", ");
      throw new CliError(`zhuanban export-contacts: no work group "${group}"; groups: ${known || "none"}`);
    }
    const rows = await exportRoster(group ? [group] : [], store);
    // exceljs loads only here, not with every CLI command.
    const { writeContactSheetXlsx } = await import("../../render/export/contact-sheet-xlsx.js");
    const buffer = await writeContactSheetXlsx(rows);
    try {
      await writeFile(path.resolve(out), buffer);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const reason = code === "ENOENT" ? "its folder does not exist" : `(${code ?? String(cause)})`;
      throw new CliError(`zhuanban export-contacts: cannot write ${out}: ${reason}`, 1);
    }
    const people = new Set(rows.map((r) => r.key)).size;
    io.out(`export-contacts: ${people} people, ${rows.length} roles → ${out}`);
  });
}
