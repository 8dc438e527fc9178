/**
 * Telegram's HTML parse mode as the Bot API applies it to sendMessage (core.telegram.org/bots/api,
 * "Formatting options"): only its tags, properly nested; `<`, `>` and `&` outside tags escaped; only
 * the named entities `&lt; &gt; &amp; &quot;` and numeric ones. Returns the text after parsing
 * (what Telegram counts against its 4096-character limit, in UTF-16 units), or throws with the kind
 * of description Telegram gives ("Can't parse entities: ...").
 */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = [];
  let text = "";
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Can't parse entities: ${why} at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
  };
  while (i < html.length) {
    const c = html[i]!;
    if (c === "<") {
      const tag = /^<(\/?)([A-Za-z][\w-]*)((?:\s[^<>]*)?)>/.exec(html.slice(i));
      if (!tag) fail("unsupported start tag");
      const [whole, closing, rawName] = tag!;
      const name = rawName!.toLowerCase();
      if (!SUPPORTED.has(name)) fail(`unsupported start tag "${name}"`);
      if (closing) {
        if (stack.at(-1) !== name) fail(`can't find end tag corresponding to start tag "${stack.at(-1) ?? name}"`);
        stack.pop();
      } else {
        const inside = stack.at(-1);
        // pre and code hold only text (a pre may hold one code, for the language).
        if (inside === "code" || (inside === "pre" && name !== "code")) fail(`tag "${name}" inside "${inside}"`);
        if (name === "blockquote" && stack.includes("blockquote")) fail("nested blockquote");
        stack.push(name);
      }
      i += whole!.length;
      continue;
    }
    if (c === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9A-Fa-f]+);/.exec(html.slice(i));
      if (!entity) fail("unsupported entity");
      const name = entity![1]!;
      text += name.startsWith("#")
        ? String.fromCodePoint(name[1] === "x" ? parseInt(name.slice(2), 16) : Number(name.slice(1)))
        : { lt: "<", gt: ">", amp: "&", quot: '"' }[name as "lt"];
      i += entity![0].length;
      continue;
    }
    if (c === ">") fail('character ">" is reserved and must be escaped');
    text += c;
    i += 1;
  }
  if (stack.length > 0) fail(`can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return text;
}

const SUPPORTED = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "tg-emoji",
  "tg-time",
  "code",
  "pre",
  "blockquote",
]);
