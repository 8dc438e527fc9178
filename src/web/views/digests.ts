import type { GroupInfo } from "../../core/status/ports.js";
import type { DigestRow } from "../../core/web/ports.js";
import type { Briefing, BriefingPart } from "../../render/export/briefing.js";
import { html, type Html } from "../html.js";
import { layout, when, type PageContext } from "./layout.js";

const FILES = ["docx", "xlsx", "md"] as const;

/** 简报: every stored digest, newest period first, each version with its downloads. */
export function digestListPage(ctx: PageContext, group: GroupInfo, rows: DigestRow[]): Html {
  const { t } = ctx;
  const body =
    rows.length === 0
      ? html`<p>${t("digests.none")}</p>`
      : html`<div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">${t("digests.col.period")}</th>
                <th scope="col">${t("digests.col.cycle")}</th>
                <th scope="col">${t("digests.col.version")}</th>
                <th scope="col">${t("digests.col.built")}</th>
                <th scope="col">${t("digests.col.files")}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (d) =>
                  html`<tr>
                    <td><a href="/digests/${d.id}">${d.periodKey}</a></td>
                    <td>${t(`cycle.${d.cycle as "dekad" | "month" | "quarter"}`)}</td>
                    <td>v${d.version}</td>
                    <td>${when(ctx, d.builtAt)}</td>
                    <td>${FILES.map((f) => html`<a href="/digests/${d.id}/file.${f}" download>.${f}</a> `)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>`;
  return layout(ctx, `${group.name} · ${t("digests.title")}`, body, {
    crumbs: [
      { href: "/", label: t("nav.overview") },
      { href: `/g/${group.key}`, label: group.name },
    ],
  });
}

/** One digest as HTML, in the same briefing layout as its .docx and .md. */
export function digestPage(ctx: PageContext, group: GroupInfo, digest: DigestRow, briefing: Briefing): Html {
  const { t } = ctx;
  const body = html` <p class="actions">
      ${FILES.map((f) => html`<a href="/digests/${digest.id}/file.${f}" download>.${f}</a>`)}
      <span class="muted">v${digest.version} · ${when(ctx, digest.builtAt)}</span>
    </p>
    <p>${briefing.issueLine}</p>
    <p>${briefing.issuer} ${briefing.date}</p>
    <p>${briefing.periodLine}</p>
    ${briefing.sections.map(
      (s) =>
        html`<section>
          <h2>${s.number}${s.heading}</h2>
          ${s.parts.map(partHtml)}
        </section>`,
    )}
    ${briefing.attachments.map(
      (a) =>
        html`<section>
          <h2>${a.label} ${a.title}</h2>
          ${a.parts.map(partHtml)}
        </section>`,
    )}`;
  return layout(ctx, briefing.title, body, {
    crumbs: [
      { href: "/", label: t("nav.overview") },
      { href: `/g/${group.key}`, label: group.name },
      { href: `/g/${group.key}/digests`, label: t("digests.title") },
    ],
  });
}

/** One part of a briefing section; a chart shows its alt text, which states the same figures. */
function partHtml(part: BriefingPart): Html {
  switch (part.kind) {
    case "paragraph":
      return html`<p>${part.text}</p>`;
    case "subheading":
      return html`<h3>${part.text}</h3>`;
    case "items":
      return html`<ul>
        ${part.items.map((i) => html`<li><strong>${i.label}</strong> <span class="report-text">${i.text}</span></li>`)}
      </ul>`;
    case "chart":
      return html`<figure>
        <p>${part.chart.alt}</p>
        <figcaption>${part.chart.caption}</figcaption>
      </figure>`;
    case "table":
      return html`<div class="table-wrap">
        <table>
          <thead>
            <tr>
              ${part.table.columns.map((c) => html`<th scope="col">${c}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${part.table.rows.map(
              (r) =>
                html`<tr>
                  ${r.map((c) => html`<td>${c}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
  }
}
