import { createHash } from "node:crypto";
import type { Clock } from "../../domain/time/clock.js";
import { AppError } from "../errors.js";
import type { LinkRefusal, WebAuthStore } from "./ports.js";

/** A sign-in link works for 10 minutes, once. */
export const LINK_TTL_MS = 10 * 60 * 1000;
/** A session lasts 12 hours from sign-in; then the user asks for a new link. */
export const SESSION_TTL_MS = 12 * 3600 * 1000;
/** The path a sign-in link opens; the token follows it. */
export const SIGN_IN_PATH = "/web/signin";

/** Only this hash of a link or session token is stored: a database dump signs nobody in. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The CSRF token of a session: derived from the session token, which only the browser holding the
 * HttpOnly cookie knows, so another site can neither read nor compute it. Nothing more to store.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHash("sha256").update(`csrf:${sessionToken}`).digest("base64url");
}

export interface WebAuthDeps {
  store: WebAuthStore;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
  /** ZHUANBAN_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
}

export interface IssuedLink {
  url: string;
  expiresAt: Date;
}

export type Redeemed =
  { ok: true; sessionToken: string; expiresAt: Date; contactId: string } | { ok: false; reason: LinkRefusal };

/** Sign-in by one-time link: issue (chat /web, CLI), redeem (the browser), sessions after that. */
export function createWebAuth(deps: WebAuthDeps) {
  const newToken = () => Buffer.from(deps.randomBytes(32)).toString("base64url");

  async function issueLink(contactId: string): Promise<IssuedLink> {
    const token = newToken();
    const expiresAt = new Date(deps.clock.now().getTime() + LINK_TTL_MS);
    await deps.store.saveLink({ tokenHash: hashToken(token), contactId, expiresAt });
    return { url: `${deps.publicUrl}${SIGN_IN_PATH}?token=${token}`, expiresAt };
  }

  return {
    issueLink,
    /** For the office before any chat is set up: `zhuanban web-link --contact KEY`. */
    async issueLinkForContactKey(key: string): Promise<IssuedLink & { contactName: string }> {
      const contact = await deps.store.contactByKey(key);
      if (!contact) throw new AppError("contact_not_found", { contact: key, unit: "-" });
      return { ...(await issueLink(contact.id)), contactName: contact.name };
    },
    async redeem(token: string, userAgent: string | null): Promise<Redeemed> {
      if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, reason: "invalid" };
      const now = deps.clock.now();
      const used = await deps.store.consumeLink(hashToken(token), now);
      if (!used.ok) return used;
      const sessionToken = newToken();
      const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
      await deps.store.createSession({
        tokenHash: hashToken(sessionToken),
        contactId: used.contactId,
        createdAt: now,
        expiresAt,
        userAgent: userAgent?.slice(0, 200) ?? null,
      });
      return { ok: true, sessionToken, expiresAt, contactId: used.contactId };
    },
    session(sessionToken: string) {
      return deps.store.findSession(hashToken(sessionToken), deps.clock.now());
    },
    revoke(sessionId: string) {
      return deps.store.revokeSession(sessionId, deps.clock.now());
    },
    liveSessions(groupKeys: readonly string[]) {
      return deps.store.liveSessions(groupKeys, deps.clock.now());
    },
  };
}

export type WebAuth = ReturnType<typeof createWebAuth>;
