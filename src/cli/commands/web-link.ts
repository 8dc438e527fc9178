import type { Command } from "../command.js";

export const webLinkCommand: Command = {
  name: "web-link",
  summary: "print a one-time sign-in link to the web console for a contact (10 minutes, works once)",
  usage: [
    "zhuanban web-link --contact KEY",
    "",
    "  --contact KEY   the contact's key (e.g. c-ms-office); the link's base is ZHUANBAN_PUBLIC_URL",
  ].join("\n"),
  options: { contact: { type: "string" } },
  run: async (args, io) => (await import("../run/web-link.js")).run(args, io),
};
