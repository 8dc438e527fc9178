import { webApi } from "@slack/bolt";
import { DeliveryError } from "../../src/core/chat/inbound.js";

/**
 * Errors meaning this recipient cannot be reached (the user was deactivated or left, the channel
 * was archived or the bot removed from it): the outbox stops sending to them and tells the office.
 */
const UNREACHABLE = new Set([
  "user_disabled",
  "user_not_found",
  "user_not_visible",
  "cannot_dm_bot",
  "channel_not_found",
  "is_archived",
  "not_in_channel",
  "restricted_action",
]);

/**
 * Errors about the bot's own token or workspace (`account_inactive` means the token's workspace or
 * bot user is gone): no recipient is at fault, so the row is retried and stays visible as failed.
 */
const TOKEN_PROBLEMS = new Set(["account_inactive", "invalid_auth", "token_revoked", "not_authed", "token_expired"]);

/** Maps the Web API client's errors to what the outbox acts on. */
export function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const coded = error as { code?: string };
  switch (coded.code) {
    case webApi.ErrorCode.RateLimitedError: {
      const retryAfter = (error as webApi.WebAPIRateLimitedError).retryAfter;
      return new DeliveryError("rate_limited", "slack ratelimited", Math.max(1, retryAfter) * 1000);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = (error as webApi.WebAPIPlatformError).data.error;
      const text = `slack ${code}`;
      if (code === "ratelimited") return new DeliveryError("rate_limited", text, 1000);
      if (UNREACHABLE.has(code)) return new DeliveryError("unreachable", text);
      if (
        TOKEN_PROBLEMS.has(code) ||
        code === "internal_error" ||
        code === "fatal_error" ||
        code === "service_unavailable"
      )
        return new DeliveryError("transient", text);
      return new DeliveryError("rejected", text);
    }
    case webApi.ErrorCode.HTTPError: {
      const http = error as webApi.WebAPIHTTPError;
      const text = `slack http ${http.statusCode}`;
      if (http.statusCode === 429) {
        const seconds = Number(http.headers["retry-after"] ?? 1);
        return new DeliveryError("rate_limited", text, (Number.isFinite(seconds) ? Math.max(1, seconds) : 1) * 1000);
      }
      if (http.statusCode >= 500 || http.statusCode === 408) return new DeliveryError("transient", text);
      return new DeliveryError("rejected", text);
    }
    case webApi.ErrorCode.RequestError: {
      // The client's timeout (axios ECONNABORTED): Slack may have posted the message all the same.
      const original = (error as webApi.WebAPIRequestError).original as { code?: string } | undefined;
      const timedOut = original?.code === "ECONNABORTED" || original?.code === "ETIMEDOUT";
      return new DeliveryError("transient", (error as Error).message, undefined, timedOut);
    }
    default:
      // Network errors and anything unknown: worth another try later.
      return new DeliveryError("transient", error instanceof Error ? error.message : String(error));
  }
}

/** The Slack error code of a failed call, when it is one (for logs and for choosing a fallback). */
export function slackErrorCode(error: unknown): string | undefined {
  const coded = error as { code?: string; data?: { error?: string } };
  return coded.code === webApi.ErrorCode.PlatformError ? coded.data?.error : coded.code;
}
