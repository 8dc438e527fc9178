import type { Light } from "../../core/chat/outbound.js";
import type { Locale } from "../../core/i18n/catalog.js";
import { translator } from "../../core/i18n/catalog.js";
import { formatLocalInstant } from "../../core/i18n/local-time.js";
import { webMessages, type WebMessageKey } from "../../core/i18n/messages/web.js";
import { percent } from "../../render/format.js";
import { html, type Html } from "../html.js";

/** What every page needs to draw its frame: the reader's language and who is signed in. */
export interface PageContext {
  locale: Locale;
  t: (key: WebMessageKey, params?: Record<string, string | number>) => string;
  user: { name: string; office: boolean } | null;
  /** The session's CSRF token, put in every form. */
  csrf: string;
  /** The page's own path and query, for the language switch. */
  path: string;
  timezone: string;
}

export function pageContext(
  locale: Locale,
  user: PageContext["user"],
  csrf: string,
  path: string,
  timezone = "Asia/Shanghai",
): PageContext {
  return { locale, t: translator(webMessages, locale), user, csrf, path, timezone };
}

export function when(ctx: PageContext, instant: Date | null): string {
  return instant ? formatLocalInstant(instant, ctx.timezone, ctx.locale) : ctx.t("none");
}

export function layout(
  ctx: PageContext,
  title: string,
  body: Html,
  options: { crumbs?: { href: string; label: string }[]; notice?: string | null } = {},
): Html {
  const { t } = ctx;
  const other = ctx.locale === "en" ? "zh-CN" : "en";
  const sep = ctx.path.includes("?") ? "&" : "?";
  return html`<!doctype html>
    <html lang="${ctx.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title} · ${t("app.title")}</title>
        <link rel="stylesheet" href="/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t("nav.skip")}</a>
        <header class="top">
          <a class="brand" href="/">${t("app.title")}</a>
          <nav aria-label="${t("app.title")}">
            ${ctx.user ? html`<a href="/">${t("nav.overview")}</a>` : ""}
            ${ctx.user?.office ? html`<a href="/sessions">${t("nav.sessions")}</a>` : ""}
            <a
              href="${ctx.path.replace(/([?&])lang=[^&]*&?/, "$1").replace(/[?&]$/, "")}${sep}lang=${other}"
              lang="${other}"
              >${t("nav.lang")}</a
            >
            ${
              ctx.user
                ? html`<span class="who">${ctx.user.name}</span>
                    <form method="post" action="/web/signout" class="inline">
                      <input type="hidden" name="csrf" value="${ctx.csrf}" /><button type="submit">
                        ${t("nav.signout")}
                      </button>
                    </form>`
                : ""
            }
          </nav>
        </header>
        ${
          options.crumbs?.length
            ? html`<nav class="crumbs" aria-label="breadcrumb">
                ${options.crumbs.map((c) => html`<a href="${c.href}">${c.label}</a> › `)}<span>${title}</span>
              </nav>`
            : ""
        }
        <main id="main">
          <h1>${title}</h1>
          ${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ""} ${body}
        </main>
      </body>
    </html>`;
}

export function lightBadge(ctx: PageContext, light: Light): Html {
  return html`<span class="light light-${light}">${ctx.t(`light.${light}`)}</span>`;
}

/**
 * A small bar: progress filled, pace as a tick. Inline SVG with presentation attributes only
 * (the Content-Security-Policy allows no inline style), labelled with its figures for screen readers.
 */
export function progressBar(ctx: PageContext, completion: number | null, pace: number | null): Html {
  if (completion === null) return html`<span class="muted">${ctx.t("none")}</span>`;
  const done = Math.max(0, Math.min(1, completion));
  const label =
    pace === null || pace === 0
      ? ctx.t("progress.noPace", { progress: percent(completion).replace("%", "") })
      : ctx.t("progress.label", {
          progress: percent(completion).replace("%", ""),
          pace: percent(pace).replace("%", ""),
        });
  const paceX = pace === null ? null : Math.round(Math.max(0, Math.min(1, pace)) * 100);
  return html`<span class="bar"
    ><svg width="100" height="10" viewBox="0 0 100 10" role="img" aria-label="${label}">
      <rect width="100" height="10" fill="#e3e6ea" />
      <rect width="${Math.round(done * 100)}" height="10" fill="#2f6fb0" />
      ${paceX === null || pace === 0 ? "" : html`<rect x="${Math.max(0, paceX - 1)}" width="2" height="10" fill="#c0392b" />`}
    </svg>
    <span class="bar-text">${label}</span></span
  >`;
}

export function countsList(
  ctx: PageContext,
  counts: { expected: number; onTime: number; late: number; missing: number; pending: number },
): Html {
  const { t } = ctx;
  return html`<dl class="counts">
    <div>
      <dt>${t("count.expected")}</dt>
      <dd data-count="expected">${counts.expected}</dd>
    </div>
    <div>
      <dt>${t("count.onTime")}</dt>
      <dd data-count="onTime">${counts.onTime}</dd>
    </div>
    <div>
      <dt>${t("count.late")}</dt>
      <dd data-count="late">${counts.late}</dd>
    </div>
    <div>
      <dt>${t("count.missing")}</dt>
      <dd data-count="missing">${counts.missing}</dd>
    </div>
    <div>
      <dt>${t("count.pending")}</dt>
      <dd data-count="pending">${counts.pending}</dd>
    </div>
  </dl>`;
}

export function csrfField(ctx: PageContext): Html {
  return html`<input type="hidden" name="csrf" value="${ctx.csrf}" />`;
}
