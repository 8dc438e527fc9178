import { randomBytes } from "node:crypto";
import { issueInvites } from "../../core/invites.js";
import { systemClock } from "../../domain/time/clock.js";
import { localDateTimeOf } from "../../domain/time/zoned.js";
import { createInviteStore } from "../../store/invite-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { runGroupInvites } from "./invite-group.js";
import { bindHint, platformsOf } from "./invite-hint.js";

/** `2026-12-09 09:35 (Asia/Shanghai)`: the office hands codes over in local time, not UTC. */
function localExpiry(instant: Date, timezone: string): string {
  const local = localDateTimeOf(instant, timezone);
  return `${local.date} ${local.time} (${timezone})`;
}

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const unit = optionalString(args, "unit");
  const contact = optionalString(args, "contact");
  const group = optionalString(args, "group");
  const daysText = optionalString(args, "days") ?? "7";
  const validDays = Number(daysText);
  if (!/^\d+$/.test(daysText)) throw new CliError(`zhuanban invite: --days must be a whole number, got "${daysText}"`);
  if (group && (unit || contact)) throw new CliError("zhuanban invite: give --group, or --unit/--contact, not both");
  if (group) return runGroupInvites(args, io, validDays);
  if (args.values.all || args.values.out) {
    throw new CliError("zhuanban invite: --all and --out go with --group (see zhuanban invite --help)");
  }
  if (!unit && !contact)
    throw new CliError("zhuanban invite: --unit, --contact or --group is required (see zhuanban invite --help)");
  await withDatabase(io, { migrate: false }, async (db, config) => {
    const issued = await issueInvites(
      { unit, contact, validDays },
      { store: createInviteStore(db.prisma), clock: systemClock, randomBytes },
    ).catch((error: unknown) => {
      throw describeAppError(error, "invite");
    });
    if (args.values.json) {
      io.out(
        JSON.stringify(
          issued.map((i) => ({
            unit: i.unit?.key ?? null,
            contact: i.contact.name,
            code: i.code,
            expiresAt: i.expiresAt.toISOString(),
          })),
          null,
          2,
        ),
      );
      return;
    }
    for (const invite of issued) {
      const example = invite.contact.isExample ? " (example contact)" : "";
      io.out(
        `${invite.unit?.name ?? "-"}  ${invite.contact.name}${example}  ${invite.code}  valid until ${localExpiry(invite.expiresAt, config.defaultTimezone)}`,
      );
    }
    io.out(bindHint(config, platformsOf(config, optionalString(args, "telegram-bot"))));
  });
}
