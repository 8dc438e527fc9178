/** What a typed line asks for, before the session looks at its state (form, buttons, identity). */
export type ConsoleInput =
  | { kind: "empty" }
  | { kind: "as"; query: string }
  | { kind: "join"; group: string }
  | { kind: "leave" }
  | { kind: "reply"; messageId: string; text: string }
  | { kind: "cancel" }
  | { kind: "command"; command: string; args: string }
  | { kind: "text"; text: string };

/** Commands the console handles itself; every other `/command` goes to the core. */
const OWN_COMMANDS = new Set(["as", "join", "leave", "reply"]);

/**
 * Parses one message the user typed (possibly several lines). `/name args` is a command whose
 * arguments run to the end of the message; anything else is text.
 */
export function parseConsoleInput(raw: string): ConsoleInput {
  const text = raw.replace(/\r\n?/g, "\n");
  if (text.trim() === "") return { kind: "empty" };
  const match = /^\s*\/(\S+)(?:[ \t]+|\n|$)([\s\S]*)$/.exec(text);
  if (!match) return { kind: "text", text };
  const command = match[1] ?? "";
  const args = (match[2] ?? "").trim();
  if (!OWN_COMMANDS.has(command)) {
    return command === "cancel" && args === "" ? { kind: "cancel" } : { kind: "command", command, args };
  }
  switch (command) {
    case "as":
      return { kind: "as", query: args };
    case "join":
      return { kind: "join", group: args };
    case "leave":
      return { kind: "leave" };
    default: {
      const reply = /^(\S+)(?:[ \t]+|\n)?([\s\S]*)$/.exec(args);
      return { kind: "reply", messageId: reply?.[1] ?? "", text: (reply?.[2] ?? "").trim() };
    }
  }
}

/** A bare number such as `2`, which presses the second button of the last message. */
export function choiceNumber(text: string): number | null {
  const match = /^\s*(\d{1,3})\s*$/.exec(text.normalize("NFKC"));
  return match ? Number(match[1]) : null;
}
