import { readFileSync } from "node:fs";
import path from "node:path";
import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Light } from "../core/chat/outbound.js";
import type { DigestContent } from "../core/digest/digest-content.js";
import type { Locale } from "../core/i18n/catalog.js";
import type { ConsoleActions } from "../core/web/console-actions.js";
import { isOffice, type ConsoleViews } from "../core/web/console-views.js";
import type { DigestRow, WebQueryStore } from "../core/web/ports.js";
import type { GroupInfo } from "../core/status/ports.js";
import { csrfTokenOf, SESSION_TTL_MS, SIGN_IN_PATH, type WebAuth } from "../core/web/sign-in.js";
import type { Actor } from "../domain/access.js";
import type { Clock } from "../domain/time/clock.js";
import { packageRoot } from "../package-root.js";
import { isCycle } from "../domain/time/periods.js";
import { buildBriefing } from "../render/export/briefing.js";
import type { Html } from "./html.js";
import { securityHeaders } from "./security.js";
import { createSignInLimit } from "./sign-in-limit.js";
import { deliveryPage, messagePage, sessionsPage, signInPage } from "./views/delivery.js";
import { digestListPage, digestPage } from "./views/digests.js";
import { groupPage } from "./views/group.js";
import { pageContext, type PageContext } from "./views/layout.js";
import { overviewPage } from "./views/overview.js";
import { schedulePage } from "./views/schedule.js";
import { taskPage } from "./views/task.js";
import { unitPage } from "./views/unit.js";
import { inlineChart } from "./inline-chart.js";
import { taskTrendCharts } from "../core/web/task-trend.js";

export const SESSION_COOKIE = "zb_session";
const LANG_COOKIE = "zb_lang";
// Read from the source tree in source and build alike (tsc does not copy .css into dist/).
const CSS = readFileSync(path.join(packageRoot(import.meta.url), "src", "web", "assets", "console.css"), "utf8");
const LIGHTS = new Set(["red", "yellow", "green", "done", "none"]);

export interface WebDeps {
  auth: WebAuth;
  views: ConsoleViews;
  actions: ConsoleActions;
  queries: WebQueryStore;
  actorOf(contactId: string): Promise<Actor | null>;
  clock: Clock;
  locale: Locale;
  /** Secure cookies when ZHUANBAN_PUBLIC_URL is https. */
  secureCookies: boolean;
  /** Ids and outcomes only: never a token, a cookie or what users wrote. */
  log: { info(fields: object, message: string): void; warn(fields: object, message: string): void };
  /** A stored digest as a file, with its 简报 number and the group's closing lines, as the CLI writes it. */
  digestFile(
    digest: { id: string; content: DigestContent },
    format: "docx" | "xlsx" | "md",
    timeZone: string,
  ): Promise<Buffer | string>;
}

interface Signed {
  actor: Actor;
  sessionId: string;
  csrf: string;
}

type Env = { Variables: { signed: Signed | null; locale: Locale } };

/** The web console as a Hono app; src/runtime mounts it on the operations port. */
export function createWebApp(deps: WebDeps) {
  const app = new Hono<Env>();
  const limit = createSignInLimit({ max: 10, windowMs: 10 * 60 * 1000, now: () => Date.now() });

  app.use("*", securityHeaders);
  // Who is asking, in which language: read once per request.
  app.use("*", async (c, next) => {
    const asked = c.req.query("lang");
    if (asked === "en" || asked === "zh-CN")
      setCookie(c, LANG_COOKIE, asked, { path: "/", sameSite: "Lax", maxAge: 365 * 86400 });
    const cookieLang = asked ?? getCookie(c, LANG_COOKIE);
    c.set("locale", cookieLang === "en" || cookieLang === "zh-CN" ? cookieLang : deps.locale);
    const token = getCookie(c, SESSION_COOKIE);
    let signed: Signed | null = null;
    if (token) {
      const session = await deps.auth.session(token);
      const actor = session ? await deps.actorOf(session.contactId) : null;
      if (session && actor) signed = { actor, sessionId: session.id, csrf: csrfTokenOf(token) };
    }
    c.set("signed", signed);
    await next();
  });

  const ctxOf = (c: Context<Env>): PageContext => {
    const s = c.get("signed");
    const url = new URL(c.req.url);
    return pageContext(
      c.get("locale"),
      s ? { name: s.actor.name, office: s.actor.groupRoles.some((r) => r.role === "office") } : null,
      s?.csrf ?? "",
      url.pathname + url.search,
    );
  };
  const page = (c: Context<Env>, body: Html, status: 200 | 401 | 403 | 404 | 410 | 429 = 200) =>
    c.html(body.value, status);
  const refuse = (c: Context<Env>, status: 401 | 403 | 404) => {
    const ctx = ctxOf(c);
    if (status === 401) return page(c, messagePage(ctx, ctx.t("signin.title"), [ctx.t("signin.howto")], false), 401);
    return page(c, messagePage(ctx, ctx.t(status === 403 ? "error.403" : "error.404"), []), status);
  };
  /** The signed-in actor, or null after answering 401. */
  const signedIn = (c: Context<Env>) => c.get("signed");
  /** A POST must carry the session's CSRF token (forms put it in a hidden field). */
  const checkCsrf = async (c: Context<Env>): Promise<Signed | null> => {
    const s = c.get("signed");
    if (!s) return null;
    const form = await c.req.parseBody();
    return form.csrf === s.csrf ? s : null;
  };
  const csrfRefused = (c: Context<Env>) => {
    const ctx = ctxOf(c);
    return page(c, messagePage(ctx, ctx.t("error.csrf"), []), 403);
  };
  const notice = (c: Context<Env>): string | null => {
    const t = ctxOf(c).t;
    const done = c.req.query("done");
    if (!done) return null;
    const [kind, a = "", b = ""] = done.split(":");
    if (kind === "chase")
      return a === "0" && b === "0" ? t("done.chaseNone") : t("done.chase", { units: a, messages: b });
    if (kind === "chaseNone") return t("done.chaseNone");
    if (kind === "digest") return t("done.digest", { period: a, version: b });
    if (kind === "retry") return t(a === "1" ? "done.retry" : "done.retryNone");
    if (kind === "revoke") return t("done.revoke");
    return null;
  };

  app.get("/assets/console.css", (c) => {
    c.header("Content-Type", "text/css; charset=utf-8");
    return c.body(CSS);
  });

  // Opening the link only shows a sign-in button: chat apps fetch links for their previews, and a
  // GET that signed in would spend the one-time link on the preview robot. The POST signs in.
  app.get(SIGN_IN_PATH, (c) => {
    const ctx = ctxOf(c);
    const token = c.req.query("token") ?? "";
    return page(c, signInPage(ctx, SIGN_IN_PATH, token));
  });

  app.post(SIGN_IN_PATH, async (c) => {
    const ctx = ctxOf(c);
    const address = clientAddress(c);
    if (!limit.allow(address)) {
      deps.log.warn({ event: "web.signin.limited" }, "web sign-in rate-limited");
      return page(c, messagePage(ctx, ctx.t("signin.title"), [ctx.t("signin.limited")], false), 429);
    }
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    const result = await deps.auth.redeem(token, c.req.header("user-agent") ?? null);
    if (!result.ok) {
      deps.log.info({ event: "web.signin.refused", reason: result.reason }, "web sign-in refused");
      const key =
        result.reason === "expired" ? "signin.expired" : result.reason === "used" ? "signin.used" : "signin.invalid";
      return page(c, messagePage(ctx, ctx.t("signin.title"), [ctx.t(key), ctx.t("signin.again")], false), 410);
    }
    deps.log.info({ event: "web.signin", contactId: result.contactId }, "web sign-in");
    setCookie(c, SESSION_COOKIE, result.sessionToken, {
      path: "/",
      httpOnly: true,
      sameSite: "Lax",
      secure: deps.secureCookies,
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return c.redirect("/", 303);
  });

  app.post("/web/signout", async (c) => {
    const s = await checkCsrf(c);
    if (!s) return csrfRefused(c);
    await deps.auth.revoke(s.sessionId);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    c.set("signed", null);
    const ctx = ctxOf(c);
    return page(c, messagePage(ctx, ctx.t("signout.done"), [ctx.t("signin.howto")], false));
  });

  app.get("/", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const rows = await deps.views.overview(s.actor, deps.clock.now());
    return page(c, overviewPage(ctxOf(c), rows, notice(c)));
  });

  app.get("/g/:group", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const seen = await deps.views.group(s.actor, c.req.param("group"), deps.clock.now());
    if (!seen.ok) return refuse(c, seen.status);
    const light = c.req.query("light");
    const ctx = { ...ctxOf(c), timezone: seen.view.group.timezone };
    return page(
      c,
      groupPage(
        ctx,
        { ...seen.view, full: seen.view.access.full },
        {
          light: light && LIGHTS.has(light) ? (light as Light) : null,
          unit: c.req.query("unit") || null,
          kind: c.req.query("kind") || null,
          page: Number(c.req.query("page")) || 1,
        },
        notice(c),
      ),
    );
  });

  app.get("/g/:group/t/:task", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const seen = await deps.views.task(s.actor, c.req.param("group"), c.req.param("task"), deps.clock.now());
    if (!seen.ok) return refuse(c, seen.status);
    const ctx = { ...ctxOf(c), timezone: seen.view.group.timezone };
    const { now, versions } = seen.view;
    const charts = await Promise.all(
      taskTrendCharts(now.task, versions, now.period.year, ctx.locale).map((data) => inlineChart(data, ctx.locale)),
    );
    return page(c, taskPage(ctx, seen.view, charts));
  });

  app.get("/g/:group/schedule", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const seen = await deps.views.schedule(
      s.actor,
      c.req.param("group"),
      deps.clock.now(),
      c.req.query("unit") || null,
    );
    if (!seen.ok) return refuse(c, seen.status);
    return page(c, schedulePage({ ...ctxOf(c), timezone: seen.view.group.timezone }, seen.view));
  });

  app.get("/u/:unit", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const seen = await deps.views.unit(s.actor, c.req.param("unit"), deps.clock.now());
    if (!seen.ok) return refuse(c, seen.status);
    return page(c, unitPage({ ...ctxOf(c), timezone: seen.view.group.timezone }, seen.view));
  });

  app.get("/g/:group/digests", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const seen = await deps.views.visibleGroup(s.actor, c.req.param("group"));
    if (!seen.ok) return refuse(c, seen.status);
    if (!seen.view.access.full) return refuse(c, 403);
    const rows = await deps.queries.digests(seen.view.group.id);
    return page(c, digestListPage({ ...ctxOf(c), timezone: seen.view.group.timezone }, seen.view.group, rows));
  });

  type FoundDigest =
    { ok: true; digest: DigestRow; group: GroupInfo; content: DigestContent } | { ok: false; status: 403 | 404 };
  const digestFor = async (c: Context<Env>, s: Signed): Promise<FoundDigest> => {
    const digest = await deps.queries.digest(c.req.param("id") ?? "");
    if (!digest) return { ok: false, status: 404 };
    const seen = await deps.views.visibleGroup(s.actor, digest.groupKey);
    if (!seen.ok) return { ok: false, status: seen.status };
    if (!seen.view.access.full) return { ok: false, status: 403 };
    // Stored by this program from a DigestContent (src/core/digest/summary.ts).
    return { ok: true, digest, group: seen.view.group, content: digest.content as DigestContent };
  };

  app.get("/digests/:id", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const found = await digestFor(c, s);
    if (!found.ok) return refuse(c, found.status);
    const briefing = buildBriefing(found.content, { timeZone: found.group.timezone });
    return page(c, digestPage({ ...ctxOf(c), timezone: found.group.timezone }, found.group, found.digest, briefing));
  });

  app.get("/digests/:id/file.:format", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const format = c.req.param("format");
    if (format !== "docx" && format !== "xlsx" && format !== "md") return refuse(c, 404);
    const found = await digestFor(c, s);
    if (!found.ok) return refuse(c, found.status);
    const data = await deps.digestFile({ id: found.digest.id, content: found.content }, format, found.group.timezone);
    const name = `${found.group.key}-${found.digest.periodKey}-v${found.digest.version}.${format}`;
    c.header("Content-Disposition", `attachment; filename="${name}"`);
    c.header(
      "Content-Type",
      format === "md"
        ? "text/markdown; charset=utf-8"
        : format === "docx"
          ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    return c.body(typeof data === "string" ? data : new Uint8Array(data));
  });

  app.get("/g/:group/delivery", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const seen = await deps.views.visibleGroup(s.actor, c.req.param("group"));
    if (!seen.ok) return refuse(c, seen.status);
    if (!isOffice(s.actor, seen.view.group.key)) return refuse(c, 403);
    const id = seen.view.group.id;
    const [counts, trouble, unreachable] = await Promise.all([
      deps.queries.outboxCounts(id),
      deps.queries.outboxTrouble(id),
      deps.queries.unreachableContacts(id),
    ]);
    const ctx = { ...ctxOf(c), timezone: seen.view.group.timezone };
    return page(c, deliveryPage(ctx, seen.view.group, { counts, trouble, unreachable }, notice(c)));
  });

  app.post("/g/:group/chase", async (c) => {
    const s = await checkCsrf(c);
    if (!s) return c.get("signed") ? csrfRefused(c) : refuse(c, 401);
    const group = c.req.param("group");
    const done = await deps.actions.chase(s.actor, group, deps.clock.now());
    if (!done.ok) return refuse(c, done.status);
    return c.redirect(
      `/g/${group}?done=chase:${done.result.missingUnits && done.result.enqueued ? `${done.result.missingUnits}:${done.result.enqueued}` : "0:0"}`,
      303,
    );
  });

  app.post("/g/:group/digest", async (c) => {
    const s = c.get("signed");
    if (!s) return refuse(c, 401);
    const form = await c.req.parseBody();
    if (form.csrf !== s.csrf) return csrfRefused(c);
    const cycle = typeof form.cycle === "string" && isCycle(form.cycle) ? form.cycle : "dekad";
    const group = c.req.param("group");
    const done = await deps.actions.buildDigest(s.actor, group, cycle, deps.clock.now());
    if (!done.ok) return refuse(c, done.status);
    return c.redirect(`/g/${group}/digests?done=digest:${done.result.periodId}:${done.result.version}`, 303);
  });

  app.post("/g/:group/delivery/:id/retry", async (c) => {
    const s = await checkCsrf(c);
    if (!s) return c.get("signed") ? csrfRefused(c) : refuse(c, 401);
    const group = c.req.param("group");
    const done = await deps.actions.retry(s.actor, group, c.req.param("id"), deps.clock.now());
    if (!done.ok) return refuse(c, done.status);
    return c.redirect(`/g/${group}/delivery?done=retry:${done.result ? 1 : 0}`, 303);
  });

  app.get("/sessions", async (c) => {
    const s = signedIn(c);
    if (!s) return refuse(c, 401);
    const officeOf = s.actor.groupRoles.filter((r) => r.role === "office").map((r) => r.groupKey);
    if (officeOf.length === 0) return refuse(c, 403);
    return page(c, sessionsPage(ctxOf(c), await deps.auth.liveSessions(officeOf), notice(c)));
  });

  app.post("/sessions/:id/revoke", async (c) => {
    const s = await checkCsrf(c);
    if (!s) return c.get("signed") ? csrfRefused(c) : refuse(c, 401);
    const officeOf = s.actor.groupRoles.filter((r) => r.role === "office").map((r) => r.groupKey);
    if (officeOf.length === 0) return refuse(c, 403);
    const id = c.req.param("id");
    // The office revokes sessions of its own groups' people only.
    if (!(await deps.auth.liveSessions(officeOf)).some((r) => r.id === id)) return refuse(c, 404);
    await deps.auth.revoke(id);
    deps.log.info({ event: "web.session.revoked", sessionId: id, by: s.actor.contactId }, "web session revoked");
    return c.redirect("/sessions?done=revoke", 303);
  });

  app.notFound((c) => refuse(c, 404));
  app.onError((error, c) => {
    deps.log.warn(
      { err: { name: error.name, message: error.message }, path: new URL(c.req.url).pathname },
      "web request failed",
    );
    const ctx = ctxOf(c);
    return c.html(messagePage(ctx, ctx.t("error.500"), []).value, 500);
  });
  return app;
}

/**
 * The address sign-in attempts are counted by: the peer's, or the first X-Forwarded-For hop when
 * the peer is a proxy on this machine or a private network (a TLS proxy in front of PORT). From
 * anywhere else the header is ignored, so a client cannot dodge the limit by inventing it.
 */
function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const peer = env?.incoming?.socket?.remoteAddress ?? "unknown";
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  const proxy = /^(::ffff:)?(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)|^::1$/.test(peer);
  return proxy && forwarded ? forwarded : peer;
}
