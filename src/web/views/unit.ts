import type { DutyCounts, GroupPeriodEvaluation, Timeliness, UnitDuty } from "../../core/evaluation/types.js";
import type { GroupInfo } from "../../core/status/ports.js";
import type { PlanNotice } from "../../core/web/console-views.js";
import type { UnitContactRow } from "../../core/web/ports.js";
import { label, type Period } from "../../domain/time/periods.js";
import { html, type Html } from "../html.js";
import { layout, lightBadge, when, type PageContext } from "./layout.js";
import { planNoticeHtml } from "./plan-notice.js";

/** 单位: its tasks now, its record period by period, its contacts and whether each can be reached. */
export function unitPage(
  ctx: PageContext,
  view: {
    unit: { key: string; name: string };
    group: GroupInfo;
    current: GroupPeriodEvaluation;
    history: { period: Period; dueAt: Date | null; counts: DutyCounts; states: UnitDuty[] }[];
    contacts: UnitContactRow[];
    outside: PlanNotice | null;
  },
): Html {
  const { t } = ctx;
  const { group, current } = view;
  // Outside the plan its tasks and record would be empty periods: the notice says why instead.
  const figures = view.outside
    ? planNoticeHtml(ctx, view.outside)
    : html` <section aria-labelledby="tasks">
          <h2 id="tasks">${t("unit.tasks")}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">${t("group.col.task")}</th>
                  <th scope="col">${t("task.col.period")}</th>
                  <th scope="col">${t("delivery.col.state")}</th>
                  <th scope="col">${t("group.col.light")}</th>
                </tr>
              </thead>
              <tbody>
                ${current.tasks.map(
                  (task) =>
                    html`<tr>
                      <td>
                        <a href="/g/${group.key}/t/${encodeURIComponent(task.task.key)}">${task.task.key}</a>
                        ${task.task.title}
                      </td>
                      <td>${label(task.period, ctx.locale)}</td>
                      <td>${task.units.map((u) => stateLabel(ctx, u.timeliness))}</td>
                      <td>${lightBadge(ctx, task.light)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
        </section>
        <section aria-labelledby="timeliness">
          <h2 id="timeliness">${t("unit.timeliness")}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">${t("unit.col.period")}</th>
                  <th scope="col">${t("overview.due")}</th>
                  <th scope="col">${t("count.onTime")}</th>
                  <th scope="col">${t("count.late")}</th>
                  <th scope="col">${t("count.missing")}</th>
                  <th scope="col">${t("count.pending")}</th>
                </tr>
              </thead>
              <tbody>
                ${view.history.map(
                  (h) =>
                    html`<tr>
                      <td>${label(h.period, ctx.locale)}</td>
                      <td>${when(ctx, h.dueAt)}</td>
                      <td>${h.counts.onTime}</td>
                      <td>${h.counts.late}</td>
                      <td>${h.counts.missing}</td>
                      <td>${h.counts.pending}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
        </section>`;
  const body = html`${figures}
    <p class="sub">
      <a href="/g/${group.key}/schedule?unit=${encodeURIComponent(view.unit.key)}">${t("group.schedule")}</a>
    </p>
    <section aria-labelledby="contacts">
      <h2 id="contacts">${t("unit.contacts")}</h2>
      <ul>
        ${view.contacts.map(
          (c) =>
            html`<li>
              ${c.name}：${
                c.identities.length === 0
                  ? html`<span class="muted">${t("unit.unbound")}</span>`
                  : c.identities.map(
                      (i, n) =>
                        html`${n ? "、" : ""}${i.platform}
                        ${i.reachable ? t("unit.reachable") : html`<strong>${t("unit.unreachable")}</strong>`}`,
                    )
              }
            </li>`,
        )}
      </ul>
    </section>`;
  return layout(ctx, view.unit.name, body, {
    crumbs: [
      { href: "/", label: t("nav.overview") },
      { href: `/g/${group.key}`, label: group.name },
    ],
  });
}

function stateLabel(ctx: PageContext, state: Timeliness): string {
  return ctx.t(
    state === "on_time"
      ? "count.onTime"
      : state === "late"
        ? "count.late"
        : state === "missing"
          ? "count.missing"
          : "count.pending",
  );
}
