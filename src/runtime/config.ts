import { z } from "zod";
import { DEFAULT_DATA_DIR, emptyToUndefined } from "./database-target.js";

/**
 * The deployment's configuration, read once from the environment and validated with zod.
 * This is the only module that reads `process.env` (the CLI passes it in).
 */
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const envSchema = z
  .object({
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
        .optional(),
    ),
    ZHUANBAN_DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(DEFAULT_DATA_DIR)),
    ZHUANBAN_SEED_DIR: optionalString,
    TZ_DEFAULT: z.preprocess(
      emptyToUndefined,
      z.string().refine(isValidTimezone, "is not an IANA timezone such as Asia/Shanghai").default("Asia/Shanghai"),
    ),
    ZHUANBAN_LOCALE: z.preprocess(emptyToUndefined, z.enum(["zh-CN", "en"]).default("zh-CN")),
    SLACK_BOT_TOKEN: optionalString,
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_APP_TOKEN: optionalString,
    SLACK_API_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    // Binds a Slack user not bound yet to the roster contact with their e-mail (users:read.email).
    SLACK_BIND_BY_EMAIL: z.preprocess(
      emptyToUndefined,
      z
        .enum(["true", "false", "1", "0"], { message: "must be true or false" })
        .default("false")
        .transform((v) => v === "true" || v === "1"),
    ),
    TELEGRAM_BOT_TOKEN: optionalString,
    TELEGRAM_API_ROOT: z.preprocess(emptyToUndefined, z.url().optional()),
    TELEGRAM_BOT_USERNAME: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "must be the bot's @username, such as zhuanban_bot")
        .optional(),
    ),
    TELEGRAM_WEBHOOK_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    TELEGRAM_WEBHOOK_SECRET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, "may contain only A-Z, a-z, 0-9, _ and - (1 to 256 characters)")
        .optional(),
    ),
    ZHUANBAN_PUBLIC_URL: z.preprocess(
      emptyToUndefined,
      z
        .url()
        .regex(/^https?:\/\//, "must be an http:// or https:// URL")
        .optional(),
    ),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    ZHUANBAN_CLOCK_START: z.preprocess(
      emptyToUndefined,
      z.iso.datetime({ offset: true, message: "must be an ISO 8601 instant with offset" }).optional(),
    ),
    ZHUANBAN_CLOCK_SPEED: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(1)),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
      });
    }
    if (env.SLACK_BIND_BY_EMAIL && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "is required with SLACK_BIND_BY_EMAIL" });
    }
    if ((env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) && !env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "is required to enable Slack" });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "is required with TELEGRAM_WEBHOOK_URL",
      });
    }
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_BOT_TOKEN"], message: "is required to enable Telegram" });
    }
  });

export type Config = ReturnType<typeof toConfig>;

function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function toConfig(env: z.infer<typeof envSchema>) {
  return {
    databaseUrl: env.DATABASE_URL,
    dataDir: env.ZHUANBAN_DATA_DIR,
    /** What `start` loads into an empty database; undefined = the Hunan 2023 plan shipped in seeds/. */
    seedDir: env.ZHUANBAN_SEED_DIR,
    defaultTimezone: env.TZ_DEFAULT,
    locale: env.ZHUANBAN_LOCALE,
    port: env.PORT,
    /** Base of the web console's sign-in links; without it, http://localhost:PORT. */
    publicUrl: (env.ZHUANBAN_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ""),
    logLevel: env.LOG_LEVEL,
    slack: env.SLACK_BOT_TOKEN
      ? {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET,
          appToken: env.SLACK_APP_TOKEN,
          apiUrl: env.SLACK_API_URL,
          bindByEmail: env.SLACK_BIND_BY_EMAIL,
        }
      : undefined,
    telegram: env.TELEGRAM_BOT_TOKEN
      ? {
          botToken: env.TELEGRAM_BOT_TOKEN,
          apiRoot: env.TELEGRAM_API_ROOT,
          /** For invite deep links (https://t.me/<username>?start=CODE); the CLI cannot ask Telegram. */
          username: env.TELEGRAM_BOT_USERNAME?.replace(/^@/, ""),
          webhook: env.TELEGRAM_WEBHOOK_URL
            ? { url: env.TELEGRAM_WEBHOOK_URL, secret: env.TELEGRAM_WEBHOOK_SECRET ?? "" }
            : undefined,
        }
      : undefined,
    clock: env.ZHUANBAN_CLOCK_START
      ? { start: new Date(env.ZHUANBAN_CLOCK_START), speed: env.ZHUANBAN_CLOCK_SPEED }
      : undefined,
  };
}

/** A configuration problem: one line per bad variable, never the variable's value (it may be a secret). */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`);
    throw new ConfigError(problems);
  }
  return toConfig(parsed.data);
}
