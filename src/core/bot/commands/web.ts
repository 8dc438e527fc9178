import type { Reply } from "../../chat/inbound.js";
import { translator } from "../../i18n/catalog.js";
import { formatLocalInstant } from "../../i18n/local-time.js";
import { webChatMessages } from "../../i18n/messages/web.js";
import type { IssuedLink } from "../../web/sign-in.js";
import { textReply, type BotContext } from "../context.js";

/** The timezone links' expiry is shown in: the deployment's groups all keep China time today. */
const LINK_TIMEZONE = "Asia/Shanghai";

/**
 * /web (网页): a bound contact gets a one-time sign-in link to the web console, valid 10 minutes.
 * Only in a direct chat: a link posted in a group would sign in whoever clicks it first.
 */
export function createWebCommand(deps: { issueLink(contactId: string): Promise<IssuedLink> }) {
  return async (ctx: BotContext): Promise<Reply> => {
    const t = translator(webChatMessages, ctx.locale);
    if (ctx.event.chatKind === "group") return textReply(t("web.directOnly"));
    const link = await deps.issueLink(ctx.actor!.contactId);
    // The link is a secret: it goes to the user only, and never into a log line.
    return textReply(
      t("web.link", { url: link.url, until: formatLocalInstant(link.expiresAt, LINK_TIMEZONE, ctx.locale) }),
    );
  };
}
