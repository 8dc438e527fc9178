import type { GroupInfo } from "../../core/status/ports.js";
import type { PlanNotice } from "../../core/web/console-views.js";
import { SCHEDULE_DAYS, type ScheduleDay, type ScheduleEntry } from "../../core/web/schedule-view.js";
import type { DayKind } from "../../domain/time/calendar.js";
import { dateParts, weekday } from "../../domain/time/local-date.js";
import { label, parsePeriodId } from "../../domain/time/periods.js";
import { localDateTimeOf } from "../../domain/time/zoned.js";
import { html, type Html } from "../html.js";
import { layout, type PageContext } from "./layout.js";
import { planNoticeHtml } from "./plan-notice.js";

/** Class of a day's cell: colour is a second signal, the day's kind is also written in it. */
const DAY_CLASS: Record<DayKind, string> = {
  holiday: "off",
  makeUpWorkday: "makeup",
  weekend: "weekend",
  weekday: "",
};

/** Monday 1 ... Sunday 7 (the calendar's columns; weekday() counts Sunday as 0). */
const isoWeekday = (date: string) => weekday(date) || 7;

/**
 * A holiday's name in the reader's language: chinese-days names them `Spring Festival,春节,3`
 * (English, Chinese, days off); an override file's own name is shown as written.
 */
function holidayName(name: string, locale: PageContext["locale"]): string {
  const [en, zh] = name.split(",");
  return (locale === "en" ? en : zh)?.trim() || name;
}

function entryText(ctx: PageContext, e: ScheduleEntry): string {
  const period = label(parsePeriodId(e.period), ctx.locale);
  const key =
    e.kind === "deadline"
      ? "schedule.kind.deadline"
      : e.kind === "reminder"
        ? e.stage === "due-day"
          ? "schedule.kind.dueDay"
          : "schedule.kind.reminder"
        : e.kind === "chase"
          ? "schedule.kind.chase"
          : e.kind === "escalation"
            ? "schedule.kind.escalation"
            : "schedule.kind.digest";
  return ctx.t(key, { period }) + (e.duties > 0 ? ctx.t("schedule.duties", { count: e.duties }) : "");
}

function dayCell(ctx: PageContext, d: ScheduleDay, index: number): Html {
  const { t } = ctx;
  const { month, day } = dateParts(d.date);
  const wd = isoWeekday(d.date);
  // The first day starts in its weekday's column; the others follow in the grid.
  const classes = ["day", DAY_CLASS[d.day.kind], index === 0 ? `col-${wd}` : ""].filter(Boolean).join(" ");
  return html`<li class="${classes}" data-date="${d.date}" data-kind="${d.day.kind}">
    <h3>
      <time datetime="${d.date}">${t("schedule.date", { month, day })}</time>
      <span class="wd">${t(`schedule.weekday.${wd}` as "schedule.weekday.1")}</span>
    </h3>
    ${
      d.day.kind === "weekday"
        ? ""
        : html`<p class="day-kind">
            ${t(`schedule.day.${d.day.kind}`)}${d.day.name ? html` · ${holidayName(d.day.name, ctx.locale)}` : ""}
          </p>`
    }
    ${
      d.entries.length === 0
        ? ""
        : html`<ul>
            ${d.entries.map(
              (e) =>
                html`<li class="entry entry-${e.kind}" data-kind="${e.kind}" data-stage="${e.stage}">
                  <time datetime="${e.at.toISOString()}">${localDateTimeOf(e.at, ctx.timezone).time}</time>
                  ${entryText(ctx, e)}
                </li>`,
            )}
          </ul>`
    }
  </li>`;
}

/** 日程: the next 30 days as a calendar, holidays and 调休 working days marked, with what falls due. */
export function schedulePage(
  ctx: PageContext,
  view: {
    group: GroupInfo;
    full: boolean;
    unit: { key: string; name: string } | null;
    days: ScheduleDay[];
    outside: PlanNotice | null;
  },
): Html {
  const { t } = ctx;
  const { group } = view;
  const empty = view.days.every((d) => d.entries.length === 0);
  const body = html`${planNoticeHtml(ctx, view.outside)}
    <p>${t("schedule.intro", { days: SCHEDULE_DAYS })}</p>
    ${
      view.unit
        ? html`<p>${t("schedule.unit", { unit: view.unit.name })}</p>`
        : view.full
          ? ""
          : html`<p>${t("schedule.ownUnits")}</p>`
    }
    ${empty ? html`<p class="notice">${t("schedule.nothing", { days: SCHEDULE_DAYS })}</p>` : ""}
    <ul class="legend" aria-label="${t("schedule.legend")}">
      <li><span class="swatch off"></span>${t("schedule.day.holiday")}</li>
      <li><span class="swatch makeup"></span>${t("schedule.day.makeUpWorkday")}</li>
      <li><span class="swatch weekend"></span>${t("schedule.day.weekend")}</li>
    </ul>
    <div class="calendar week-head" aria-hidden="true">
      ${[1, 2, 3, 4, 5, 6, 7].map((n) => html`<span>${t(`schedule.weekday.${n}` as "schedule.weekday.1")}</span>`)}
    </div>
    <ol class="calendar">
      ${view.days.map((d, i) => dayCell(ctx, d, i))}
    </ol>`;
  return layout(ctx, `${group.name} · ${t("schedule.title")}`, body, {
    crumbs: [
      { href: "/", label: t("nav.overview") },
      { href: `/g/${group.key}`, label: group.name },
    ],
  });
}
