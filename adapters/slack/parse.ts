import type { InboundEvent, InboundSource } from "../../src/core/chat/inbound.js";
import type { Form } from "../../src/core/chat/outbound.js";
import type { FormNumberField } from "../../src/core/reports/form-check.js";
import { TARGET_KINDS, type TargetKind } from "../../src/domain/target/kind.js";
import { actionIdOf, INPUT_ACTION_ID } from "./render.js";

/** The parts of Slack's payloads the adapter reads (Bolt's own types are unions far wider than this). */
export interface SlashCommandPayload {
  command: string;
  text: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id?: string;
}

export interface MessageEventPayload {
  type: string;
  subtype?: string;
  channel: string;
  channel_type?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
}

export interface BlockActionPayload {
  user: { id: string; name?: string; username?: string };
  channel?: { id: string; name?: string };
  container?: { type?: string; channel_id?: string; message_ts?: string };
  trigger_id?: string;
  actions: { action_id: string; value?: string; selected_option?: { value: string } }[];
}

export interface ViewStateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
}

export interface ViewSubmissionPayload {
  user: { id: string; name?: string; username?: string };
  trigger_id?: string;
  view: {
    id?: string;
    title?: { text?: string };
    private_metadata?: string;
    state?: { values?: Record<string, Record<string, ViewStateValue>> };
  };
}

/** What a modal carries in private_metadata: the form and where it was opened from. */
export interface FormMetadata {
  formId: string;
  context: string;
  /** The chat the form was opened from, where the answer goes when it is not the user's DM. */
  chatId?: string;
  /**
   * The form's number fields (id, label, unit), so that a submission can be checked for field
   * errors before its ack, without the database. Absent when they would not fit.
   */
  numbers?: FormNumberField[];
}

/** Slack's limit on a view's private_metadata, in characters. */
export const PRIVATE_METADATA_LIMIT = 3000;

/** Chinese subcommands, matched on the first word of `/zhuanban` (the core knows the rest of its aliases). */
const SLASH_COMMANDS = ["/zhuanban", "/zb"];

/**
 * `/zhuanban status MS-03` → the core's `status` command with `MS-03`. One slash command with
 * subcommands: Slack reserves several of DESIGN's names for itself (`/status` sets the user's
 * Slack status), so they cannot be registered as slash commands of their own. Bare `/zhuanban` is help.
 */
export function parseSlashCommand(payload: SlashCommandPayload, eventId: string | undefined): InboundEvent {
  const words = /^\s*(\S+)(?:\s+([\s\S]*))?$/.exec(payload.text ?? "");
  const isOurs = SLASH_COMMANDS.includes(payload.command);
  const command = isOurs ? (words?.[1] ?? "help").replace(/^\//, "").toLowerCase() : payload.command.slice(1);
  const args = isOurs ? (words?.[2] ?? "").trim() : (payload.text ?? "").trim();
  return {
    ...commandSource(payload, eventId),
    kind: "command",
    command,
    args,
  };
}

/**
 * A slash command in a DM names the DM channel, but it may be a DM between two people, where the
 * bot cannot post; so the user's direct chat is addressed by user id (chat.postMessage opens the
 * bot's DM with them). In a channel, the channel is the chat (and may be bound to a group).
 */
function commandSource(payload: SlashCommandPayload, eventId: string | undefined): InboundSource {
  const direct = payload.channel_name === "directmessage" || payload.channel_id.startsWith("D");
  return {
    platform: "slack",
    userId: payload.user_id,
    ...(payload.user_name ? { userName: payload.user_name } : {}),
    chatId: direct ? payload.user_id : payload.channel_id,
    chatKind: direct ? "direct" : "group",
    ...(!direct && payload.channel_name ? { chatTitle: payload.channel_name } : {}),
    ...(eventId ? { eventId } : {}),
    canOpenForm: !!payload.trigger_id,
  };
}

/**
 * A message in the bot's DM (message.im), or null for what the bot ignores: its own and other
 * bots' messages, edits, deletions, joins and other subtypes.
 */
export function parseDirectMessage(event: MessageEventPayload, eventId: string): InboundEvent | null {
  if (event.type !== "message" || event.subtype !== undefined || event.bot_id || !event.user) return null;
  if (event.channel_type !== "im" || typeof event.text !== "string") return null;
  return {
    platform: "slack",
    userId: event.user,
    chatId: event.channel,
    chatKind: "direct",
    messageId: event.ts,
    eventId,
    kind: "text",
    // Slack sends &, < and > as entities in message text; the core wants what the user typed.
    text: unescapeSlack(event.text),
    // A reply in a reminder's thread is a reply to the reminder.
    ...(event.thread_ts && event.thread_ts !== event.ts ? { replyToMessageId: event.thread_ts } : {}),
  };
}

/** A button press; the adapter turns the form-opening button back into the form itself. */
export function parseBlockAction(payload: BlockActionPayload, eventId: string | undefined): InboundEvent | null {
  const action = payload.actions[0];
  if (!action) return null;
  const channelId = payload.channel?.id ?? payload.container?.channel_id;
  const direct = !channelId || channelId.startsWith("D");
  const name = payload.user.name ?? payload.user.username;
  return {
    platform: "slack",
    userId: payload.user.id,
    ...(name ? { userName: name } : {}),
    chatId: direct || !channelId ? payload.user.id : channelId,
    chatKind: direct ? "direct" : "group",
    ...(payload.container?.message_ts ? { messageId: payload.container.message_ts } : {}),
    ...(eventId ? { eventId } : {}),
    canOpenForm: !!payload.trigger_id,
    kind: "action",
    actionId: actionIdOf(action.action_id),
    value: action.value ?? action.selected_option?.value ?? "",
  };
}

/** A submitted modal: the values of its inputs keyed by form field id (the block ids). */
export function parseViewSubmission(payload: ViewSubmissionPayload, eventId: string | undefined): InboundEvent | null {
  const metadata = parseFormMetadata(payload.view.private_metadata);
  if (!metadata) return null;
  const values: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(payload.view.state?.values ?? {})) {
    const input = actions[INPUT_ACTION_ID];
    if (!input) continue;
    values[blockId] = input.selected_option?.value ?? input.value ?? "";
  }
  const name = payload.user.name ?? payload.user.username;
  const chatId = metadata.chatId ?? payload.user.id;
  return {
    platform: "slack",
    userId: payload.user.id,
    ...(name ? { userName: name } : {}),
    chatId,
    chatKind: chatId === payload.user.id || chatId.startsWith("D") ? "direct" : "group",
    ...(eventId ? { eventId } : {}),
    kind: "form",
    formId: metadata.formId,
    context: metadata.context,
    values,
  };
}

/** The number fields of a form, as FormMetadata keeps them. */
export function numberFieldsOf(form: Form): FormNumberField[] {
  return form.fields.flatMap((f) =>
    f.kind === "number"
      ? [{ id: f.id, label: f.label, unit: f.unit ?? "", ...(f.accepts ? { accepts: f.accepts } : {}) }]
      : [],
  );
}

/**
 * The metadata as private_metadata: number fields as [id, label, unit] triples, or
 * [id, label, unit, kind, min, max] when the field says which values it accepts; left out when the
 * whole would pass Slack's limit (the submission then waits for the core, as without them).
 */
export function formatFormMetadata(metadata: FormMetadata): string {
  const { numbers, ...rest } = metadata;
  const bare = JSON.stringify(rest);
  if (!numbers) return bare;
  const full = JSON.stringify({
    ...rest,
    n: numbers.map((f) =>
      f.accepts
        ? [f.id, f.label, f.unit, f.accepts.kind, f.accepts.minValue, f.accepts.maxValue]
        : [f.id, f.label, f.unit],
    ),
  });
  return full.length <= PRIVATE_METADATA_LIMIT ? full : bare;
}

export function parseFormMetadata(raw: string | undefined): FormMetadata | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<FormMetadata> & { n?: unknown };
    if (typeof parsed.formId !== "string" || typeof parsed.context !== "string") return null;
    const numbers = parseNumbers(parsed.n);
    return {
      formId: parsed.formId,
      context: parsed.context,
      ...(typeof parsed.chatId === "string" ? { chatId: parsed.chatId } : {}),
      ...(numbers ? { numbers } : {}),
    };
  } catch {
    // Not ours (another app's modal, or an old format): the caller ignores the submission.
    return null;
  }
}

function parseNumbers(raw: unknown): FormNumberField[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const fields: FormNumberField[] = [];
  for (const entry of raw as unknown[]) {
    if (!Array.isArray(entry)) return undefined;
    const [id, label, unit, kind, min, max] = entry as unknown[];
    if (typeof id !== "string" || typeof label !== "string" || typeof unit !== "string") return undefined;
    if (entry.length === 3) fields.push({ id, label, unit });
    else if (entry.length === 6 && isKind(kind) && isBound(min) && isBound(max))
      fields.push({ id, label, unit, accepts: { kind, minValue: min, maxValue: max } });
    else return undefined;
  }
  return fields;
}

const isKind = (x: unknown): x is TargetKind =>
  typeof x === "string" && (TARGET_KINDS as readonly string[]).includes(x);
const isBound = (x: unknown): x is number | null => x === null || (typeof x === "number" && Number.isFinite(x));

/** Slack's message text escapes exactly these three (https://docs.slack.dev/messaging/formatting-message-text). */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
