import { createWebAuthFor } from "../../runtime/web-auth.js";
import { clockFor } from "../../runtime/wiring.js";
import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";

export async function run(args: ParsedArgs, io: CliIo): Promise<void> {
  const contact = optionalString(args, "contact");
  if (!contact) throw new CliError("zhuanban web-link: --contact is required (see zhuanban web-link --help)");
  await withDatabase(io, { migrate: false }, async (db, config) => {
    const auth = createWebAuthFor(db.prisma, clockFor(config), config.publicUrl);
    const link = await auth.issueLinkForContactKey(contact).catch((error: unknown) => {
      throw describeAppError(error, "web-link");
    });
    // Printed for the office to hand over; it is never logged.
    io.out(`${link.contactName}: ${link.url}`);
    io.out(`valid until ${link.expiresAt.toISOString()}, once`);
  });
}
