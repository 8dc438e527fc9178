import { groupPeriods, resolvePlanGroup } from "../../core/plan/plan-window.js";
import { formatIsoWithOffset } from "../../domain/time/format-offset.js";
import { compareLocalDates, yearOf } from "../../domain/time/local-date.js";
import { localDateOf } from "../../domain/time/zoned.js";
import { calendarWarningLines } from "../../runtime/calendar-loader.js";
import { createPlanStore } from "../../store/plan-store.js";
import { CliError } from "../cli-error.js";
import { requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { loadCalendarFor, parseDateOption } from "../time-args.js";

function yearsBetween(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const groupKey = requireString(args, "group", "periods");
  const fromDate = parseDateOption(requireString(args, "from", "periods"), "from", "periods");
  const toDate = parseDateOption(requireString(args, "to", "periods"), "to", "periods");
  if (compareLocalDates(fromDate, toDate) > 0) {
    throw new CliError(`zhuanban periods: --from ${fromDate} is after --to ${toDate}`);
  }
  const calendar = await loadCalendarFor("periods");
  await withDatabase(io, { migrate: false }, async (db, config) => {
    const plan = createPlanStore(db.prisma);
    const group = await resolvePlanGroup(plan, groupKey).catch((error: unknown) => {
      throw describeAppError(error, "periods");
    });
    const listings = await groupPeriods({ plan, calendar }, group, { fromDate, toDate });

    const years = [
      ...yearsBetween(yearOf(fromDate), yearOf(toDate)),
      ...listings.map((p) => yearOf(localDateOf(p.dueAt, group.timezone))),
    ];
    for (const line of calendarWarningLines(calendar, years, config.locale)) io.err(line);

    const rows = listings.map((p) => ({
      cycle: p.cycle,
      period: p.id,
      label: p.label,
      start: formatIsoWithOffset(p.start, group.timezone),
      end: formatIsoWithOffset(p.end, group.timezone),
      dueAt: formatIsoWithOffset(p.dueAt, group.timezone),
    }));
    if (args.values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return;
    }
    io.out(`${group.name} (${group.key}), ${fromDate} to ${toDate}: ${rows.length} periods (${group.timezone})`);
    if (rows.length === 0) return;
    const idWidth = Math.max(6, ...rows.map((r) => r.period.length));
    const isoWidth = Math.max(...rows.map((r) => r.start.length));
    const pad = (text: string, width: number) => text.padEnd(width);
    io.out(
      [pad("period", idWidth), pad("start", isoWidth), pad("end", isoWidth), pad("due", isoWidth), "label"].join("  "),
    );
    for (const r of rows) {
      io.out(
        [pad(r.period, idWidth), pad(r.start, isoWidth), pad(r.end, isoWidth), pad(r.dueAt, isoWidth), r.label].join(
          "  ",
        ),
      );
    }
  });
}
