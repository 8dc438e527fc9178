/**
 * The message catalogue: every string a chat user reads comes from here, in zh-CN (the default)
 * and en. Messages live in one file per area (src/core/i18n/messages/*.ts); each exports a
 * `{ "zh-CN": {...}, en: {...} }` pair with the same keys, which the type system checks.
 * A message is a template with {name} placeholders, or a function for plurals and lists.
 */
export type Locale = "zh-CN" | "en";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

export type Params = Record<string, string | number>;
export type Message = string | ((params: Params) => string);
export type MessageSet<K extends string = string> = Record<K, Message>;

/** Builds one area's messages; `en` must have exactly the keys of `zh`. */
export function defineMessages<K extends string>(zh: Record<K, Message>, en: Record<K, Message>) {
  return { "zh-CN": zh, en } as const;
}

export function format(message: Message, params: Params = {}): string {
  if (typeof message === "function") return message(params);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined ? whole : String(params[name]),
  );
}

/** A translator for one area and locale: `t("key", { name })`. */
export function translator<K extends string>(
  area: { "zh-CN": Record<K, Message>; en: Record<K, Message> },
  locale: Locale,
) {
  const messages = area[locale];
  return (key: K, params?: Params): string => format(messages[key], params);
}
