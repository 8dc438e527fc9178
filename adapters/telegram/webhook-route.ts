import { hash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { InboundNotHandledError } from "../../src/core/chat/inbound.js";
import type { TgUpdate } from "./parse.js";

/**
 * The largest update body read. Telegram's updates are small (a message is at most 4,096
 * characters, a caption 1,024; with entities and the replied-to message a few tens of KB): a
 * bigger body is not Telegram's and is refused before it is read on.
 */
export const MAX_UPDATE_BYTES = 1024 * 1024;

export interface WebhookRouteOptions {
  secret: string;
  /** Handles one update; throws InboundNotHandledError when Telegram should deliver it again. */
  handle(update: TgUpdate): Promise<void>;
  log: { warn(fields: object, message: string): void; error(fields: object, message: string): void };
  maxBytes?: number;
}

/**
 * The Telegram webhook, in this order, so that a caller without the secret costs nothing: the
 * method (405), the secret token header (401, the body left unread), the size (413), the JSON
 * (400), then the update. An update that could not be handled and left nothing behind (the
 * database is unreachable) is answered 503, so that Telegram delivers it again; anything else 200.
 */
export function telegramWebhookRoute(options: WebhookRouteOptions) {
  const expected = digest(options.secret);
  const maxBytes = options.maxBytes ?? MAX_UPDATE_BYTES;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "POST") return refuse(res, 405, { allow: "POST" });
    const header = req.headers["x-telegram-bot-api-secret-token"];
    // Compared as digests: constant time whatever the length of what was sent.
    if (typeof header !== "string" || !timingSafeEqual(digest(header), expected)) return refuse(res, 401);
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > maxBytes) return refuse(res, 413);
    const body = await readCapped(req, maxBytes);
    if (body === null) return refuse(res, 413);
    const update = parseBody(body);
    if (!update) {
      options.log.warn({ bytes: body.length }, "telegram webhook: not an update");
      return refuse(res, 400);
    }
    try {
      await options.handle(update);
    } catch (error) {
      if (error instanceof InboundNotHandledError) {
        options.log.warn(
          { updateId: update.update_id, reason: error.reason },
          "telegram update not handled; asking for redelivery",
        );
        return refuse(res, 503, { "retry-after": "5" });
      }
      options.log.error({ err: errorName(error), updateId: update.update_id }, "telegram update failed");
    }
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    res.end("ok");
  };
}

function digest(text: string): Buffer {
  // One-shot: a Hash object per request cost more than the hashing.
  return hash("sha256", text, "buffer");
}

/** Answers without reading (the rest of) the body; the connection is closed behind the answer. */
function refuse(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close", ...headers });
  // What the client still sends is not read: the socket goes once the answer is out.
  res.end(`${status}\n`, () => res.req.destroy());
}

/** The body as text, or null when it is longer than `max` bytes (reading stops there). */
function readCapped(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= max) return void chunks.push(chunk);
      cleanup();
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    function cleanup() {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

function parseBody(body: string): TgUpdate | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const id = (value as { update_id?: unknown }).update_id;
  return typeof id === "number" && Number.isSafeInteger(id) ? (value as TgUpdate) : null;
}

/** Only the error's kind: its message may quote what a user wrote. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
