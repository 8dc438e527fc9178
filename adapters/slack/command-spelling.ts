// Slack delivers a message that starts with "/" only when it is a registered slash command, and
// zhuanban registers one, /zhuanban (Slack keeps /status for itself). The core's messages name
// commands as Telegram and the console spell them ("请发送：/bind 邀请码"); on Slack they must read
// "/zhuanban bind 邀请码", or the user types a command that Slack refuses.

/** The core's commands that its messages name (src/core/bot/zhuanban-bot.ts). */
const CORE_COMMANDS = ["help", "bind", "tasks", "report", "cancel", "status", "summary", "chase"] as const;

/**
 * A command at the start, or after a space or punctuation (not inside a path or URL such as
 * `https://host/status`), and not followed by more of a word (`/statusbar`, `/status@bot`).
 */
const COMMAND = new RegExp(`(^|[\\s(（:：,，、;；"“「])/(${CORE_COMMANDS.join("|")})(?![\\w@/-])`, "g");

/** `/bind 邀请码` → `/zhuanban bind 邀请码`, for every command the core names in a text. */
export function slackCommandSpelling(text: string): string {
  return text.replace(COMMAND, "$1/zhuanban $2");
}
