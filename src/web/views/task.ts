import type { ReportVersionRow } from "../../core/web/ports.js";
import type { TaskEvaluation } from "../../core/evaluation/types.js";
import type { GroupInfo } from "../../core/status/ports.js";
import { label } from "../../domain/time/periods.js";
import { formatNumber } from "../../render/format.js";
import { html, type Html } from "../html.js";
import { layout, lightBadge, progressBar, when, type PageContext } from "./layout.js";

/** 任务: its targets now, each target's values across the year, every report version. */
export function taskPage(
  ctx: PageContext,
  view: {
    group: GroupInfo;
    now: TaskEvaluation;
    versions: ReportVersionRow[];
    outOfDates: { start: string | null; end: string | null } | null;
  },
  /** Each target's trend as inline SVG (src/web/inline-chart.ts); empty when nothing was reported. */
  charts: Html[],
): Html {
  const { t } = ctx;
  const { group, now, versions } = view;
  const targetName = new Map(now.task.targets.map((g) => [g.id, `${g.metric}`]));
  const body = html`${
      view.outOfDates
        ? html`<p class="notice" role="status" data-out-of-dates="1">
            ${t("task.outOfDates", {
              start: view.outOfDates.start ?? t("none"),
              end: view.outOfDates.end ?? t("none"),
              period: label(now.period, ctx.locale),
            })}
          </p>`
        : ""
    }
    <p>
      ${lightBadge(ctx, now.light)}
      ${now.task.leadUnits.map((u, i) => html`${i ? "、" : ""}<a href="/u/${encodeURIComponent(u.key)}">${u.name}</a>`)}
    </p>
    <section aria-labelledby="targets">
      <h2 id="targets">${t("task.targets")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${t("task.col.metric")}</th>
              <th scope="col">${t("task.col.target")}</th>
              <th scope="col">${t("task.col.value")}</th>
              <th scope="col">${t("task.col.progress")}</th>
              <th scope="col">${t("group.col.light")}</th>
            </tr>
          </thead>
          <tbody>
            ${now.targets.map(
              (g) =>
                html`<tr>
                  <td>${g.target.metric}</td>
                  <td>${formatNumber(g.target.targetValue, ctx.locale)} ${g.target.unitOfMeasure}</td>
                  <td>
                    ${g.value === null ? t("none") : html`${formatNumber(g.value, ctx.locale)} ${g.target.unitOfMeasure}`}
                  </td>
                  <td>${progressBar(ctx, g.completion, g.pace)}</td>
                  <td>${lightBadge(ctx, g.light)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>
    <section aria-labelledby="trend">
      <h2 id="trend">${t("task.trend")}</h2>
      ${charts.length === 0 ? html`<p>${t("task.chartNone")}</p>` : charts}
    </section>
    <section aria-labelledby="reports">
      <h2 id="reports">${t("task.reports")}</h2>
      ${
        versions.length === 0
          ? html`<p>${t("task.noReports")}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t("task.col.period")}</th>
                    <th scope="col">${t("task.col.unit")}</th>
                    <th scope="col">${t("task.col.version")}</th>
                    <th scope="col">${t("task.col.flags")}</th>
                    <th scope="col">${t("task.col.by")}</th>
                    <th scope="col">${t("task.col.at")}</th>
                    <th scope="col">${t("task.col.content")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${versions.map(
                    (r) =>
                      html`<tr data-report="${r.id}">
                        <td>${r.periodKey}</td>
                        <td>${r.unitName}</td>
                        <td>v${r.version}</td>
                        <td>
                          ${[
                            r.isLate && r.version === 1 ? t("task.flag.late") : "",
                            r.version > 1 ? t("task.flag.correction") : "",
                            r.isCurrent ? "" : t("task.flag.superseded"),
                          ]
                            .filter(Boolean)
                            .join("、")}
                        </td>
                        <td>
                          ${r.submittedBy ?? t("none")}${r.platform ? html` <small class="muted">(${r.platform})</small>` : ""}
                        </td>
                        <td>${when(ctx, r.submittedAt)}</td>
                        <td>
                          ${r.values.map((v) => html`<div>${targetName.get(v.targetId) ?? ""}：${formatNumber(v.value, ctx.locale)}</div>`)}
                          ${field(ctx, "report.progress", r.progress)}${field(ctx, "report.problems", r.problems)}${field(ctx, "report.nextSteps", r.nextSteps)}${field(ctx, "report.coordination", r.coordinationNeeded)}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  return layout(ctx, `${now.task.key} ${now.task.title}`, body, {
    crumbs: [
      { href: "/", label: t("nav.overview") },
      { href: `/g/${group.key}`, label: group.name },
    ],
  });
}

function field(
  ctx: PageContext,
  key: "report.progress" | "report.problems" | "report.nextSteps" | "report.coordination",
  text: string,
): Html {
  return text.trim()
    ? html`<div><strong>${ctx.t(key)}：</strong><span class="report-text">${text}</span></div>`
    : html``;
}
