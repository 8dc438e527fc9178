import type { Config } from "../../runtime/config.js";
import type { InvitePlatforms } from "../../render/export/invite-sheet-xlsx.js";

/** The platforms this deployment runs (the console when no chat platform is configured). */
export function platformsOf(config: Config, telegramBot: string | undefined): InvitePlatforms {
  const bot = (telegramBot ?? config.telegram?.username)?.replace(/^@/, "");
  return {
    telegramBot: config.telegram || telegramBot ? bot : undefined,
    slack: config.slack !== undefined,
    console: !config.slack && !config.telegram,
  };
}

/**
 * How a contact uses a code, in the form of the platforms configured: Slack refuses an
 * unregistered `/bind`, so there it is `/zhuanban bind CODE`; on Telegram the deep link binds.
 */
export function bindHint(config: Config, platforms: InvitePlatforms): string {
  const ways: string[] = [];
  if (config.telegram) {
    ways.push(
      platforms.telegramBot
        ? `on Telegram they open https://t.me/${platforms.telegramBot}?start=CODE (or send "/bind CODE" to the bot)`
        : `on Telegram they send "/bind CODE" to the bot (set TELEGRAM_BOT_USERNAME for deep links and QR codes)`,
    );
  }
  if (config.slack) ways.push(`on Slack they send "/zhuanban bind CODE" in a direct message to the bot`);
  if (ways.length === 0) {
    return `no chat platform is configured: on the console type "/as NAME" (no code needed); on Telegram a contact sends "/bind CODE", on Slack "/zhuanban bind CODE"`;
  }
  return `${ways.join("; ")}; each code works once`;
}
