import { ledGroups } from "../../../domain/access.js";
import type { Reply } from "../../chat/inbound.js";
import type { BotContext } from "../context.js";

/** /help: what the bot does and the commands this user may use. */
export function help(ctx: BotContext): Reply {
  const { t, actor } = ctx;
  const lines: string[] = [];
  if (!actor) {
    lines.push(t("help.intro"), "", t("help.unbound"));
  } else {
    lines.push(t("help.as", { name: actor.name }), t("help.intro"), "", t("help.commands"), t("help.cmd.help"));
    if (actor.units.length > 0) lines.push(t("help.cmd.tasks"), t("help.cmd.report"), t("help.cmd.cancel"));
    lines.push(t("help.cmd.status"), t("help.cmd.web"));
    if (ledGroups(actor).length > 0) lines.push(t("help.cmd.summary"), t("help.cmd.chase"), t("help.cmd.bind"));
  }
  const text = lines.join("\n");
  return {
    messages: [
      {
        blocks: [
          { type: "heading", text: t("help.title") },
          { type: "text", text },
        ],
        summary: t("help.title"),
      },
    ],
  };
}
