import { translator } from "../../core/i18n/catalog.js";
import { statusMessages } from "../../core/i18n/messages/status.js";
import type { PlanNotice } from "../../core/web/console-views.js";
import { html, type Html } from "../html.js";
import type { PageContext } from "./layout.js";

/**
 * Today lies outside the group's plan: the words chat /status answers with (same rule, same
 * catalogue entry), so a page never shows a period's empty figures as if nobody had reported.
 */
export function planNoticeHtml(ctx: PageContext, outside: PlanNotice | null): Html {
  if (!outside) return html``;
  const text = translator(statusMessages, ctx.locale)("status.outsidePlan", {
    period: outside.day,
    start: outside.start,
    end: outside.end ?? "",
  });
  return html`<p class="notice plan-outside" role="status" data-plan="${outside.side}">${text}</p>`;
}
