import type { Light } from "../../core/chat/outbound.js";
import type { GroupPeriodEvaluation } from "../../core/evaluation/types.js";
import type { GroupInfo } from "../../core/status/ports.js";
import type { PlanNotice } from "../../core/web/console-views.js";
import { label } from "../../domain/time/periods.js";
import { html, type Html } from "../html.js";
import { countsList, layout, lightBadge, when, type PageContext } from "./layout.js";
import { planNoticeHtml } from "./plan-notice.js";

const LIGHTS: Light[] = ["red", "yellow", "green", "done", "none"];

/** 总览: one card per group the user may see. */
export function overviewPage(
  ctx: PageContext,
  rows: { group: GroupInfo; full: boolean; snapshot: GroupPeriodEvaluation; outside: PlanNotice | null }[],
  notice: string | null,
): Html {
  const { t } = ctx;
  const body =
    rows.length === 0
      ? html`<p>${t("overview.none")}</p>`
      : html`<div class="cards">
          ${rows.map(
            (r) =>
              html`<section class="card" aria-labelledby="g-${r.group.key}">
                <h2 id="g-${r.group.key}">
                  <a href="/g/${r.group.key}">${r.group.name}</a>
                  ${r.full ? "" : html`<small class="muted">${t("overview.ownUnits")}</small>`}
                </h2>
                ${
                  r.outside
                    ? planNoticeHtml(ctx, r.outside)
                    : html`<p>
                          ${t("overview.period")}：${r.snapshot.period ? label(r.snapshot.period, ctx.locale) : t("none")}；${t("overview.due")}：${when(ctx, r.snapshot.dueAt)}
                        </p>
                        ${countsList(ctx, r.snapshot.counts)}
                        <ul class="lights">
                          ${LIGHTS.map((l) => html`<li>${lightBadge(ctx, l)} <span data-light="${l}">${r.snapshot.lights[l]}</span></li>`)}
                        </ul>`
                }
              </section>`,
          )}
        </div>`;
  return layout(ctx, t("overview.title"), body, { notice });
}
