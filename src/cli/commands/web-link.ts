import { createWebAuthFor } from "../../runtime/web-console.js";
import { clockFor } from "../../runtime/wiring.js";
import { CliError } from "../cli-error.js";
import { optionalString, type Command } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";

export const webLinkCommand: Command = {
  name: "web-link",
  summary: "print a one-time sign-in link to the web console for a contact (10 minutes, works once)",
  usage: [
    "zhuanban web-link --contact KEY",
    "",
    "  --contact KEY   the contact's key (e.g. c-ms-office); the link's base is ZHUANBAN_PUBLIC_URL",
  ].join("\n"),
  options: { contact: { type: "string" } },
  async run(args, io) {
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
  },
};
