import { leadsGroup, type Actor } from "../../domain/access.js";
import type { Cycle } from "../../domain/time/periods.js";
import { summarize, type SummaryDeps } from "../digest/summary.js";
import type { Locale } from "../i18n/catalog.js";
import type { IdentityStore } from "../ports.js";
import { chaseMissingUnits, type ManualChaseDeps, type ManualChaseResult } from "../scheduler/manual-chase.js";
import { isOffice } from "./console-views.js";
import type { WebQueryStore } from "./ports.js";

export interface ConsoleActionDeps {
  chase: ManualChaseDeps;
  summary: SummaryDeps;
  web: WebQueryStore;
  identities: Pick<IdentityStore, "audit">;
  locale: Locale;
}

export type ActionResult<T> = { ok: true; result: T } | { ok: false; status: 403 | 404 };

/**
 * The console's three actions: the same use cases and permission checks as the chat commands
 * (/chase, /summary; retrying a failed message is the office's), each written to the audit log.
 */
export function createConsoleActions(deps: ConsoleActionDeps) {
  const audit = (actor: Actor, at: Date, action: string, entity: string, entityId: string, details = {}) =>
    deps.identities.audit({ at, actorContactId: actor.contactId, actor: "web", action, entity, entityId, details });

  return {
    async chase(actor: Actor, groupKey: string, at: Date): Promise<ActionResult<ManualChaseResult>> {
      if (!leadsGroup(actor, groupKey)) return { ok: false, status: 403 };
      const group = await deps.chase.plan.findGroup(groupKey);
      if (!group) return { ok: false, status: 404 };
      const result = await chaseMissingUnits(group.id, at, deps.chase);
      await audit(actor, at, "web.chase", "group", group.id, { ...result });
      return { ok: true, result };
    },
    async buildDigest(
      actor: Actor,
      groupKey: string,
      cycle: Cycle,
      at: Date,
    ): Promise<ActionResult<{ periodId: string; version: number }>> {
      if (!leadsGroup(actor, groupKey)) return { ok: false, status: 403 };
      const group = await deps.summary.status.findGroup(groupKey);
      if (!group || group.key !== groupKey) return { ok: false, status: 404 };
      const { content, version } = await summarize(deps.summary, group, { cycle }, at, deps.locale);
      await audit(actor, at, "web.digest", "group", group.id, { period: content.period.id, version });
      return { ok: true, result: { periodId: content.period.id, version } };
    },
    async retry(actor: Actor, groupKey: string, outboxId: string, at: Date): Promise<ActionResult<boolean>> {
      if (!isOffice(actor, groupKey)) return { ok: false, status: 403 };
      const group = await deps.summary.status.findGroup(groupKey);
      if (!group || group.key !== groupKey) return { ok: false, status: 404 };
      const retried = await deps.web.retryFailed(outboxId, group.id, at);
      if (retried) await audit(actor, at, "web.retry", "outbox", outboxId);
      return { ok: true, result: retried };
    },
  };
}

export type ConsoleActions = ReturnType<typeof createConsoleActions>;
