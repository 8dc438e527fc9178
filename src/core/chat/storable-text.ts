import type { InboundEvent } from "./inbound.js";

/**
 * Whether a string can be stored as PostgreSQL text: no NUL character, and no half of a UTF-16
 * surrogate pair (a broken emoji), which has no UTF-8 form.
 */
export function isStorable(text: string): boolean {
  return !text.includes("\u0000") && !LONE_SURROGATE.test(text);
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What the user wrote in an event (command arguments, text, button value, form fields). */
function writtenBy(event: InboundEvent): string[] {
  switch (event.kind) {
    case "command":
      return [event.command, event.args];
    case "text":
      return [event.text];
    case "action":
      return [event.actionId, event.value];
    case "form":
      return [event.formId, event.context, ...Object.keys(event.values), ...Object.values(event.values)];
  }
}

/** True when something the user wrote cannot be stored: the event is refused with a clear message. */
export function hasUnstorableText(event: InboundEvent): boolean {
  return !writtenBy(event).every(isStorable);
}

/**
 * The event with the platform's names (display name, chat title) made storable: they are not the
 * user's message, so a broken character in a profile name is dropped rather than refused.
 */
export function withStorableNames(event: InboundEvent): InboundEvent {
  const clean = (text: string | undefined) => (text === undefined || isStorable(text) ? text : storable(text));
  const userName = clean(event.userName);
  const chatTitle = clean(event.chatTitle);
  if (userName === event.userName && chatTitle === event.chatTitle) return event;
  return {
    ...event,
    ...(userName !== undefined ? { userName } : {}),
    ...(chatTitle !== undefined ? { chatTitle } : {}),
  };
}

function storable(text: string): string {
  return text.replaceAll("\u0000", "").replace(new RegExp(LONE_SURROGATE.source, "g"), "");
}
