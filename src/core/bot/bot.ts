import type { InboundEvent, InboundHandler, Reply } from "../chat/inbound.js";
import { translator } from "../i18n/catalog.js";
import { botMessages } from "../i18n/messages/bot.js";
import { bind } from "./commands/bind.js";
import { help } from "./commands/help.js";
import { findCommand, type BotCommand } from "./commands/registry.js";
import { textReply, type BotContext, type BotDeps } from "./context.js";

/** Handlers for what is not a command: free text, button presses and submitted forms. */
export interface ConversationHandlers {
  text?(ctx: BotContext, text: string, replyToMessageId: string | undefined): Promise<Reply | null>;
  action?(ctx: BotContext, actionId: string, value: string): Promise<Reply | null>;
  form?(ctx: BotContext, formId: string, context: string, values: Record<string, string>): Promise<Reply | null>;
}

const baseCommands: BotCommand[] = [
  { name: "help", aliases: ["帮助", "start"], needsBinding: false, run: help },
  { name: "bind", aliases: ["绑定"], needsBinding: false, run: bind },
];

/**
 * The bot core: one entry point for every platform. Each event is deduplicated, its sender
 * resolved to a contact, then routed to a command or conversation handler. This is the one
 * error boundary: whatever fails, the user gets an answer and the failure is logged.
 */
export function createBot(
  deps: BotDeps,
  extra: { commands?: BotCommand[]; conversation?: ConversationHandlers } = {},
): InboundHandler {
  const commands = [...baseCommands, ...(extra.commands ?? [])];
  const conversation = extra.conversation ?? {};
  const t = translator(botMessages, deps.locale);

  async function route(ctx: BotContext): Promise<Reply> {
    const { event } = ctx;
    if (event.kind === "command") {
      const command = findCommand(commands, event.command);
      if (!command) return textReply(t("unknown.command", { command: event.command.replace(/@\S+$/, "") }));
      if (command.needsBinding && !ctx.actor) return textReply(t("denied.unbound"));
      return command.run(ctx, event.args);
    }
    if (!ctx.actor) return textReply(t("denied.unbound"));
    const handled =
      event.kind === "text"
        ? await conversation.text?.(ctx, event.text, event.replyToMessageId)
        : event.kind === "action"
          ? await conversation.action?.(ctx, event.actionId, event.value)
          : await conversation.form?.(ctx, event.formId, event.context, event.values);
    if (handled) return handled;
    // In a group chat the bot stays quiet about chatter it does not understand.
    return event.chatKind === "group" ? { messages: [] } : textReply(t("unknown.text"));
  }

  return {
    async handle(event: InboundEvent): Promise<Reply> {
      const now = deps.clock.now();
      try {
        // One round trip: dedupe, identity, contact and conversation together.
        const arrival = await deps.identities.arrive({
          platform: event.platform,
          platformUserId: event.userId,
          displayName: event.userName,
          directChatId: event.chatKind === "direct" ? event.chatId : undefined,
          eventId: event.eventId,
          at: now,
        });
        if (arrival.duplicate) {
          deps.log.info({ platform: event.platform, eventId: event.eventId }, "duplicate inbound event ignored");
          return { messages: [] };
        }
        let { identity, actor } = arrival;
        if (event.platform === "console" && !identity.contactId) {
          // The console is local and trusted: its user acts as a seeded contact, named by key.
          const contact = await deps.identities.contactByKey(event.userId);
          if (contact) {
            await deps.identities.bindConsoleIdentity(identity.id, contact.id, now);
            identity = { ...identity, contactId: contact.id };
            actor = await deps.identities.actor(contact.id);
          }
        }
        const stored = arrival.conversation;
        const open =
          stored && stored.expiresAt.getTime() > now.getTime() ? { flow: stored.flow, state: stored.state } : null;
        return await route({ event, identity, actor, conversation: open, locale: deps.locale, now, t, deps });
      } catch (error) {
        deps.log.error(
          { err: error, platform: event.platform, kind: event.kind, eventId: event.eventId },
          "inbound event failed",
        );
        return textReply(t("error.internal"));
      }
    },
  };
}
