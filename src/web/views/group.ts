import type { Light } from "../../core/chat/outbound.js";
import type { GroupPeriodEvaluation, TaskEvaluation } from "../../core/evaluation/types.js";
import type { GroupInfo } from "../../core/status/ports.js";
import type { PlanNotice } from "../../core/web/console-views.js";
import { label } from "../../domain/time/periods.js";
import { formatNumber } from "../../render/format.js";
import { html, type Html } from "../html.js";
import { countsList, csrfField, layout, lightBadge, progressBar, when, type PageContext } from "./layout.js";
import { planNoticeHtml } from "./plan-notice.js";

export const PAGE_SIZE = 100;
const LIGHTS: Light[] = ["red", "yellow", "green", "done", "none"];
const KINDS = ["task", "project", "policy", "indicator"] as const;

export interface GroupFilters {
  light: Light | null;
  unit: string | null;
  kind: string | null;
  page: number;
}

/** The tasks the filters keep, in the evaluation's order. */
export function filterTasks(
  tasks: readonly TaskEvaluation[],
  listKinds: Map<string, string>,
  f: GroupFilters,
): TaskEvaluation[] {
  return tasks.filter(
    (t) =>
      (!f.light || t.light === f.light) &&
      (!f.unit || t.task.leadUnits.some((u) => u.key === f.unit)) &&
      (!f.kind || listKinds.get(t.task.taskId) === f.kind),
  );
}

function latestValue(ctx: PageContext, t: TaskEvaluation): Html {
  const first = t.targets.find((g) => g.value !== null);
  if (!first) return html`<span class="muted">${ctx.t("none")}</span>`;
  return html`${formatNumber(first.value!, ctx.locale)} ${first.target.unitOfMeasure}`;
}

function lastReport(t: TaskEvaluation): Date | null {
  let last: Date | null = null;
  for (const u of t.units) if (u.report && (!last || u.report.submittedAt > last)) last = u.report.submittedAt;
  return last;
}

/** 专班: counts, filters, one page of tasks, units missing, problems and coordination of the period. */
export function groupPage(
  ctx: PageContext,
  view: {
    group: GroupInfo;
    full: boolean;
    snapshot: GroupPeriodEvaluation;
    listKinds: Map<string, string>;
    outside: PlanNotice | null;
  },
  f: GroupFilters,
  notice: string | null,
): Html {
  const { t } = ctx;
  const { group, snapshot } = view;
  const shown = filterTasks(snapshot.tasks, view.listKinds, f);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, f.page), pages);
  const slice = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const units = new Map<string, string>();
  for (const task of snapshot.tasks) for (const u of task.task.leadUnits) units.set(u.key, u.name);
  const query = (p: number) =>
    `?${new URLSearchParams({
      ...(f.light ? { light: f.light } : {}),
      ...(f.unit ? { unit: f.unit } : {}),
      ...(f.kind ? { kind: f.kind } : {}),
      page: String(p),
    })}`;

  const missing = new Map<string, { key: string; name: string; tasks: string[] }>();
  const notes: { task: TaskEvaluation; unit: string; problems: string; coordination: string }[] = [];
  for (const task of snapshot.tasks) {
    for (const u of task.units) {
      if (u.timeliness === "missing") {
        const m = missing.get(u.unit.key) ?? { key: u.unit.key, name: u.unit.name, tasks: [] };
        m.tasks.push(task.task.key);
        missing.set(u.unit.key, m);
      }
      const r = u.report;
      if (r && (r.problems.trim() || r.coordinationNeeded.trim()))
        notes.push({ task, unit: u.unit.name, problems: r.problems, coordination: r.coordinationNeeded });
    }
  }

  const menu = html`<nav class="sub" aria-label="${group.name}">
    <a href="/g/${group.key}/schedule">${t("group.schedule")}</a>
    ${view.full ? html`<a href="/g/${group.key}/digests">${t("group.digests")}</a>` : ""}
    ${ctx.user?.office ? html`<a href="/g/${group.key}/delivery">${t("group.delivery")}</a>` : ""}
  </nav>`;
  // Outside the plan no task counts: the page says so rather than show a period's empty figures.
  if (view.outside)
    return layout(ctx, group.name, html`${planNoticeHtml(ctx, view.outside)}${menu}`, {
      crumbs: [{ href: "/", label: t("nav.overview") }],
      notice,
    });

  const body = html` <p>
      ${snapshot.period ? label(snapshot.period, ctx.locale) : ""}；${t("overview.due")}：${when(ctx, snapshot.dueAt)}
    </p>
    ${countsList(ctx, snapshot.counts)} ${menu}
    ${
      view.full
        ? html`<section aria-labelledby="actions">
            <h2 id="actions">${t("group.actions")}</h2>
            <div class="actions">
              <form method="post" action="/g/${group.key}/chase">
                ${csrfField(ctx)}<button type="submit" class="primary">${t("group.chase")}</button>
              </form>
              <form method="post" action="/g/${group.key}/digest">
                ${csrfField(ctx)}<label
                  >${t("digests.col.cycle")}
                  <select name="cycle">
                    ${(["dekad", "month", "quarter"] as const).map((c) => html`<option value="${c}">${t(`cycle.${c}`)}</option>`)}
                  </select></label
                >
                <button type="submit">${t("group.digest")}</button>
              </form>
            </div>
          </section>`
        : ""
    }
    <section aria-labelledby="tasks">
      <h2 id="tasks">${t("group.tasks")}</h2>
      <form method="get" class="filters" action="/g/${group.key}">
        <label
          >${t("group.filter.light")}<select name="light">
            <option value="">${t("group.filter.all")}</option>
            ${LIGHTS.map((l) => html`<option value="${l}" ${f.light === l ? " selected" : ""}>${t(`light.${l}`)}</option>`)}
          </select></label
        >
        <label
          >${t("group.filter.unit")}<select name="unit">
            <option value="">${t("group.filter.all")}</option>
            ${[...units].map(([key, name]) => html`<option value="${key}" ${f.unit === key ? " selected" : ""}>${name}</option>`)}
          </select></label
        >
        <label
          >${t("group.filter.kind")}<select name="kind">
            <option value="">${t("group.filter.all")}</option>
            ${KINDS.map((k) => html`<option value="${k}" ${f.kind === k ? " selected" : ""}>${t(`kind.${k}`)}</option>`)}
          </select></label
        >
        <button type="submit">${t("group.filter.apply")}</button>
      </form>
      <p class="muted" id="shown">
        ${t("group.shown", { total: shown.length, from: shown.length ? (page - 1) * PAGE_SIZE + 1 : 0, to: (page - 1) * PAGE_SIZE + slice.length })}
      </p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">${t("group.col.task")}</th>
              <th scope="col">${t("group.col.units")}</th>
              <th scope="col">${t("group.col.latest")}</th>
              <th scope="col">${t("group.col.progress")}</th>
              <th scope="col">${t("group.col.light")}</th>
              <th scope="col" class="hide-narrow">${t("group.col.last")}</th>
            </tr>
          </thead>
          <tbody>
            ${slice.map((task) => {
              const first = task.targets[0];
              return html`<tr data-task="${task.task.key}">
                <td>
                  <a href="/g/${group.key}/t/${encodeURIComponent(task.task.key)}">${task.task.key}</a>
                  ${task.task.title}
                </td>
                <td>
                  ${task.task.leadUnits.map((u, i) => html`${i ? "、" : ""}<a href="/u/${encodeURIComponent(u.key)}">${u.name}</a>`)}
                </td>
                <td>${latestValue(ctx, task)}</td>
                <td>${first ? progressBar(ctx, first.completion, first.pace) : ""}</td>
                <td>${lightBadge(ctx, task.light)}</td>
                <td class="hide-narrow">${when(ctx, lastReport(task))}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${
        pages > 1
          ? html`<nav class="pager" aria-label="pages">
              ${page > 1 ? html`<a href="${query(page - 1)}" rel="prev">${t("group.prev")}</a>` : ""}<span
                >${page} / ${pages}</span
              >${page < pages ? html`<a href="${query(page + 1)}" rel="next">${t("group.next")}</a>` : ""}
            </nav>`
          : ""
      }
    </section>
    <section aria-labelledby="missing">
      <h2 id="missing">${t("group.missingUnits")}</h2>
      ${
        missing.size === 0
          ? html`<p>${t("group.noneMissing")}</p>`
          : html`<ul>
              ${[...missing.values()].map((m) => html`<li><a href="/u/${encodeURIComponent(m.key)}">${m.name}</a>（${m.tasks.slice(0, 10).join("、")}${m.tasks.length > 10 ? "…" : ""}）</li>`)}
            </ul>`
      }
    </section>
    <section aria-labelledby="problems">
      <h2 id="problems">${t("group.problems")}</h2>
      ${notesList(
        ctx,
        group,
        notes.filter((n) => n.problems.trim()),
        (n) => n.problems,
      )}
    </section>
    <section aria-labelledby="coordination">
      <h2 id="coordination">${t("group.coordination")}</h2>
      ${notesList(
        ctx,
        group,
        notes.filter((n) => n.coordination.trim()),
        (n) => n.coordination,
      )}
    </section>`;
  return layout(ctx, group.name, body, { crumbs: [{ href: "/", label: t("nav.overview") }], notice });
}

const NOTES_SHOWN = 200;

function notesList<N extends { task: TaskEvaluation; unit: string }>(
  ctx: PageContext,
  group: GroupInfo,
  notes: N[],
  text: (n: N) => string,
): Html {
  if (notes.length === 0) return html`<p>${ctx.t("group.noNotes")}</p>`;
  return html`<ul>
      ${notes.slice(0, NOTES_SHOWN).map((n) => html`<li><a href="/g/${group.key}/t/${encodeURIComponent(n.task.task.key)}">${n.task.task.key}</a> ${n.unit}：<span class="report-text">${text(n)}</span></li>`)}
    </ul>
    ${notes.length > NOTES_SHOWN ? html`<p class="muted">… ${notes.length - NOTES_SHOWN}</p>` : ""}`;
}
