import type { GroupInfo } from "../../core/status/ports.js";
import type { OutboxRowView, WebSessionRow } from "../../core/web/ports.js";
import { html, type Html } from "../html.js";
import { csrfField, layout, when, type PageContext } from "./layout.js";

type StateKey = "pending" | "sending" | "sent" | "failed" | "unreachable" | "cancelled";
const STATES: StateKey[] = ["pending", "sending", "sent", "failed", "unreachable", "cancelled"];

/** 送达 (office only): outbox counts, failed and retrying rows with a retry button, unreachable contacts. */
export function deliveryPage(
  ctx: PageContext,
  group: GroupInfo,
  view: {
    counts: Record<string, number>;
    trouble: OutboxRowView[];
    unreachable: { name: string; platform: string; since: Date }[];
  },
  notice: string | null,
): Html {
  const { t } = ctx;
  const body = html` <section aria-labelledby="counts">
      <h2 id="counts">${t("delivery.counts")}</h2>
      <dl class="counts">
        ${STATES.map(
          (s) =>
            html`<div>
              <dt>${t(`state.${s}`)}</dt>
              <dd data-state="${s}">${view.counts[s] ?? 0}</dd>
            </div>`,
        )}
      </dl>
    </section>
    <section aria-labelledby="trouble">
      <h2 id="trouble">${t("delivery.trouble")}</h2>
      ${
        view.trouble.length === 0
          ? html`<p>${t("delivery.none")}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t("delivery.col.kind")}</th>
                    <th scope="col">${t("delivery.col.to")}</th>
                    <th scope="col">${t("delivery.col.state")}</th>
                    <th scope="col">${t("delivery.col.tries")}</th>
                    <th scope="col">${t("delivery.col.due")}</th>
                    <th scope="col">${t("delivery.col.error")}</th>
                    <th scope="col"><span class="muted">${t("delivery.retry")}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${view.trouble.map(
                    (r) =>
                      html`<tr data-outbox="${r.id}">
                        <td>${r.kind}</td>
                        <td>${r.recipientName ?? t("none")} <small class="muted">${r.platform}</small></td>
                        <td>${t(`state.${r.state as StateKey}`)}</td>
                        <td>${r.attempts}</td>
                        <td>${when(ctx, r.dueAt)}</td>
                        <td>${(r.lastError ?? "").slice(0, 120)}</td>
                        <td>
                          ${
                            r.state === "failed"
                              ? html`<form method="post" action="/g/${group.key}/delivery/${r.id}/retry">
                                  ${csrfField(ctx)}<button type="submit">${t("delivery.retry")}</button>
                                </form>`
                              : ""
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
    <section aria-labelledby="unreachable">
      <h2 id="unreachable">${t("delivery.unreachable")}</h2>
      ${
        view.unreachable.length === 0
          ? html`<p>${t("delivery.noneUnreachable")}</p>`
          : html`<ul>
              ${view.unreachable.map((u) => html`<li>${u.name}（${u.platform}，${when(ctx, u.since)}）</li>`)}
            </ul>`
      }
    </section>`;
  return layout(ctx, `${group.name} · ${t("delivery.title")}`, body, {
    crumbs: [
      { href: "/", label: t("nav.overview") },
      { href: `/g/${group.key}`, label: group.name },
    ],
    notice,
  });
}

/** The office's list of live console sessions, each revocable. */
export function sessionsPage(ctx: PageContext, rows: WebSessionRow[], notice: string | null): Html {
  const { t } = ctx;
  const body =
    rows.length === 0
      ? html`<p>${t("sessions.none")}</p>`
      : html`<div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">${t("sessions.col.who")}</th>
                <th scope="col">${t("sessions.col.since")}</th>
                <th scope="col">${t("sessions.col.until")}</th>
                <th scope="col" class="hide-narrow">${t("sessions.col.agent")}</th>
                <th scope="col"><span class="muted">${t("sessions.revoke")}</span></th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (s) =>
                  html`<tr>
                    <td>${s.contactName}</td>
                    <td>${when(ctx, s.createdAt)}</td>
                    <td>${when(ctx, s.expiresAt)}</td>
                    <td class="hide-narrow">${(s.userAgent ?? "").slice(0, 60)}</td>
                    <td>
                      <form method="post" action="/sessions/${s.id}/revoke">
                        ${csrfField(ctx)}<button type="submit">${t("sessions.revoke")}</button>
                      </form>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  return layout(ctx, t("sessions.title"), body, { crumbs: [{ href: "/", label: t("nav.overview") }], notice });
}

/** A page that only says something: signed out, a refused link, 403, 404. */
export function messagePage(ctx: PageContext, title: string, lines: string[], back = true): Html {
  const body = html`${lines.map((l) => html`<p>${l}</p>`)}${back && ctx.user ? html`<p><a href="/">${ctx.t("error.back")}</a></p>` : ""}`;
  return layout(ctx, title, body);
}

/** What a sign-in link opens: one button that signs in (a POST, which link-preview robots do not send). */
export function signInPage(ctx: PageContext, action: string, token: string): Html {
  const body = html`<p>${ctx.t("signin.confirm")}</p>
    <form method="post" action="${action}">
      <input type="hidden" name="token" value="${token}" /><button type="submit" class="primary">
        ${ctx.t("signin.button")}
      </button>
    </form>`;
  return layout(ctx, ctx.t("signin.title"), body);
}
