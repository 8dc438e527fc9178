import { planWindow, resolvePlanGroup } from "../../core/plan/plan-window.js";
import type { PlanItem } from "../../core/plan/plan-at.js";
import type { GroupInfo } from "../../core/status/ports.js";
import { formatIsoWithOffset } from "../../domain/time/format-offset.js";
import { yearOf } from "../../domain/time/local-date.js";
import { localDateOf } from "../../domain/time/zoned.js";
import { calendarWarningLines } from "../../runtime/calendar-loader.js";
import { createPlanStore } from "../../store/plan-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, requireString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { loadCalendarFor, MAX_WINDOW_MS, parseDuration, parseInstant } from "../time-args.js";

const DEFAULT_WINDOW = "1h";

function readInstant(text: string, timezone: string): Date {
  const at = parseInstant(text, timezone);
  if (!at) {
    throw new CliError(
      `zhuanban plan: --at must be an ISO 8601 time such as 2023-01-18T09:00+08:00 or 2023-01-18T09:00, not "${text}"`,
    );
  }
  return at;
}

function readWindow(text: string): number {
  const ms = parseDuration(text);
  if (ms === null || ms > MAX_WINDOW_MS) {
    throw new CliError(
      `zhuanban plan: --window must be a duration such as 30m, 1h, 2h or 1d (at most 366d), not "${text}"`,
    );
  }
  return ms;
}

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const atText = requireString(args, "at", "plan");
  const groupKey = optionalString(args, "group");
  const windowMs = readWindow(optionalString(args, "window") ?? DEFAULT_WINDOW);
  // Check the syntax before opening the database; the timezone is settled once the group is known.
  readInstant(atText, "UTC");
  const calendar = await loadCalendarFor("plan");

  await withDatabase(io, { migrate: false }, async (db, config) => {
    const plan = createPlanStore(db.prisma);
    let groups: GroupInfo[] | undefined;
    if (groupKey) {
      const group = await resolvePlanGroup(plan, groupKey).catch((error: unknown) => {
        throw describeAppError(error, "plan");
      });
      groups = [group];
    }
    const timezone = groups?.[0]?.timezone ?? config.defaultTimezone;
    const from = readInstant(atText, timezone);
    const to = new Date(from.getTime() + windowMs);
    const items = await planWindow({ plan, calendar }, { from, to, ...(groups ? { groups } : {}) });

    const zoneOf = new Map<string, string>((groups ?? (await plan.listGroups())).map((g) => [g.key, g.timezone]));
    const tz = (item: PlanItem) => zoneOf.get(item.group) ?? timezone;
    const years = [
      yearOf(localDateOf(from, timezone)),
      yearOf(localDateOf(new Date(to.getTime() - 1), timezone)),
      ...items.map((item) => yearOf(localDateOf(item.dueAt, tz(item)))),
    ];
    for (const line of calendarWarningLines(calendar, years, config.locale)) io.err(line);

    const rows = items.map((item) => ({
      kind: item.kind,
      stage: item.stage,
      group: item.group,
      cycle: item.cycle,
      period: item.period,
      ...(item.task !== undefined ? { task: item.task } : {}),
      ...(item.unit !== undefined ? { unit: item.unit } : {}),
      dueAt: formatIsoWithOffset(item.dueAt, tz(item)),
      at: formatIsoWithOffset(item.at, tz(item)),
    }));
    if (args.values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return;
    }
    if (rows.length === 0) {
      io.out(`nothing falls due from ${formatIsoWithOffset(from, timezone)} to ${formatIsoWithOffset(to, timezone)}`);
      return;
    }
    const width = (key: "kind" | "stage" | "group" | "period") => Math.max(...rows.map((r) => r[key].length));
    const taskWidth = Math.max(1, ...rows.map((r) => (r.task ?? "-").length));
    const unitWidth = Math.max(1, ...rows.map((r) => (r.unit ?? "-").length));
    for (const r of rows) {
      io.out(
        [
          r.at,
          r.kind.padEnd(width("kind")),
          r.stage.padEnd(width("stage")),
          r.group.padEnd(width("group")),
          r.period.padEnd(width("period")),
          (r.task ?? "-").padEnd(taskWidth),
          (r.unit ?? "-").padEnd(unitWidth),
          `due ${r.dueAt}`,
        ].join("  "),
      );
    }
  });
}
