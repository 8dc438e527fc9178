/**
 * The console adapter: a terminal chat in which the user acts as any seeded contact. Like every
 * adapter it exports a class implementing ChatAdapter, a `createConsoleAdapter(config)` function and
 * its config type; {@link ConsoleSession} is the same chat without a terminal, for tests and demos.
 */
export { ConsoleAdapter, createConsoleAdapter, type ConsoleAdapterConfig } from "./terminal.js";
export { ConsoleSession, type ConsoleSessionOptions } from "./session.js";
export { directChatId, groupChatId, parseChatId, type ConsoleChat } from "./addresses.js";
export type { ConsoleEntry, ConsoleIdentity, ResolveGroupName, ResolveIdentity } from "./types.js";
