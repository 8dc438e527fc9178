import { InboundNotHandledError, type InboundEvent, type InboundHandler, type Reply } from "../chat/inbound.js";
import { DuplicateEventError } from "../ports.js";
import { hasUnstorableText, withStorableNames } from "../chat/storable-text.js";
import { translator } from "../i18n/catalog.js";
import { botMessages } from "../i18n/messages/bot.js";
import { looksLikeInviteCode } from "../../domain/invite/invite-code.js";
import { bind, bindByEmail } from "./commands/bind.js";
import { help } from "./commands/help.js";
import { findCommand, type BotCommand } from "./commands/registry.js";
import { textMessage, textReply, type BotContext, type BotDeps } from "./context.js";

/** Handlers for what is not a command: free text, button presses and submitted forms. */
export interface ConversationHandlers {
  text?(ctx: BotContext, text: string, replyToMessageId: string | undefined): Promise<Reply | null>;
  action?(ctx: BotContext, actionId: string, value: string): Promise<Reply | null>;
  form?(ctx: BotContext, formId: string, context: string, values: Record<string, string>): Promise<Reply | null>;
}

const baseCommands: BotCommand[] = [
  { name: "help", aliases: ["帮助"], needsBinding: false, run: help },
  { name: "bind", aliases: ["绑定"], needsBinding: false, run: bind },
  // Telegram's deep link https://t.me/<bot>?start=CODE opens the chat with `/start CODE`: it binds,
  // so an invite sheet's link or QR code is all a contact needs. A bare /start is the welcome (help).
  {
    name: "start",
    aliases: [],
    needsBinding: false,
    run: (ctx, args) => (args.trim() !== "" && looksLikeInviteCode(args) ? bind(ctx, args) : help(ctx)),
  },
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
      if (command.needsBinding && !ctx.actor) return textReply(ctx.unboundNotice ?? t("denied.unbound"));
      return command.run(ctx, event.args);
    }
    if (!ctx.actor) return textReply(ctx.unboundNotice ?? t("denied.unbound"));
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
    async handle(received: InboundEvent): Promise<Reply> {
      const now = deps.clock.now();
      // A NUL or half an emoji cannot be stored: said plainly, before anything is read or written.
      if (hasUnstorableText(received)) return textReply(t("error.bad_characters"));
      const event = withStorableNames(received);
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
        // A platform that vouches for the sender's e-mail (Slack with SLACK_BIND_BY_EMAIL) binds a
        // newcomer without a code; /bind CODE itself is left to the code.
        let byEmail: Awaited<ReturnType<typeof bindByEmail>> | undefined;
        if (!identity.contactId && event.userEmail && !isBindCommand(event)) {
          byEmail = await bindByEmail({ t, identity, now, deps }, event.userEmail);
          if (byEmail.bound) {
            identity = { ...identity, contactId: byEmail.actor.contactId };
            actor = byEmail.actor;
          }
        }
        const stored = arrival.conversation;
        const open =
          stored && stored.expiresAt.getTime() > now.getTime() ? { flow: stored.flow, state: stored.state } : null;
        const ctx: BotContext = {
          event,
          identity,
          actor,
          conversation: open,
          planRevision: arrival.planRevision,
          locale: deps.locale,
          now,
          t,
          deps,
        };
        if (byEmail && !byEmail.bound) ctx.unboundNotice = byEmail.notice;
        const routed = await route(ctx);
        const reply = byEmail?.bound ? { messages: [textMessage(byEmail.notice), ...routed.messages] } : routed;
        // Done: only now is the event marked, so a crash before this point leaves its redelivery
        // free to do the work (a stored report marked it in its own write already).
        if (event.eventId && !ctx.eventMarked) {
          await deps.identities.markProcessed({ platform: event.platform, eventId: event.eventId, at: now });
        }
        return reply;
      } catch (error) {
        if (error instanceof DuplicateEventError) {
          deps.log.info({ platform: event.platform, eventId: event.eventId }, "duplicate inbound event ignored");
          return { messages: [] };
        }
        if (deps.isStorageUnavailable?.(error)) {
          // Nothing was kept (a stored report carries its event's mark): the platform must deliver
          // the event again, rather than the user being told to send it again.
          deps.log.error(
            { err: errorKind(error), platform: event.platform, kind: event.kind, eventId: event.eventId },
            "inbound event not handled: database unavailable",
          );
          throw new InboundNotHandledError("storage_unavailable");
        }
        deps.log.error(
          { err: errorKind(error), platform: event.platform, kind: event.kind, eventId: event.eventId },
          "inbound event failed",
        );
        return textReply(t("error.internal"));
      }
    },
  };
}

/** /bind or /start with an argument: the person is binding by code right now. */
function isBindCommand(event: InboundEvent): boolean {
  if (event.kind !== "command" || event.args.trim() === "") return false;
  const name = findCommand(baseCommands, event.command)?.name;
  return name === "bind" || name === "start";
}

/**
 * What is logged of an error: its kind and code, never its message, which may quote what the user
 * wrote (Prisma's validation errors print the arguments of the failed call).
 */
function errorKind(error: unknown): { name: string; code?: string } {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? { name: error.name, code } : { name: error.name };
}
