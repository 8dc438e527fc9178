import { randomBytes } from "node:crypto";
import { issueInvites } from "../../core/invites.js";
import { systemClock } from "../../domain/time/clock.js";
import { createInviteStore } from "../../store/invite-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const unit = optionalString(args, "unit");
  const contact = optionalString(args, "contact");
  if (!unit && !contact)
    throw new CliError("zhuanban invite: --unit or --contact is required (see zhuanban invite --help)");
  const daysText = optionalString(args, "days") ?? "7";
  const validDays = Number(daysText);
  if (!/^\d+$/.test(daysText)) throw new CliError(`zhuanban invite: --days must be a whole number, got "${daysText}"`);
  await withDatabase(io, { migrate: false }, async (db) => {
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
        `${invite.unit?.name ?? "-"}  ${invite.contact.name}${example}  ${invite.code}  valid until ${invite.expiresAt.toISOString()}`,
      );
    }
    io.out(`the contact sends "/bind CODE" to the bot in a direct message; each code works once`);
  });
}
