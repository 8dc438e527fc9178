import { ledGroups, mayBindChannel, type Actor } from "../../../domain/access.js";
import { hashInviteCode, looksLikeInviteCode } from "../../../domain/invite/invite-code.js";
import type { Reply } from "../../chat/inbound.js";
import { listParam } from "../../i18n/messages/bot.js";
import { nameWithUnits } from "../../i18n/names.js";
import { textMessage, textReply, type BotContext } from "../context.js";

/** After this many wrong codes within the window, binding is refused for the lock period. */
export const BIND_MAX_FAILURES = 5;
export const BIND_FAILURE_WINDOW_MS = 10 * 60 * 1000;
export const BIND_LOCK_MS = 30 * 60 * 1000;
/** Wrong codes from all accounts together within the window before binding pauses for everyone. */
export const BIND_MAX_FAILURES_OVERALL = 50;

/** /bind CODE in a direct chat binds the person; /bind GROUP in a group chat binds the chat. */
export async function bind(ctx: BotContext, args: string): Promise<Reply> {
  return ctx.event.chatKind === "group" ? bindChannel(ctx, args) : bindPerson(ctx, args);
}

async function bindPerson(ctx: BotContext, args: string): Promise<Reply> {
  const { t, identity, actor, now, deps } = ctx;
  if (actor) return textReply(t("bind.already", { name: actor.name }));
  if (identity.lockedUntil && identity.lockedUntil > now) {
    return textReply(t("bind.locked", { until: formatLocalTime(identity.lockedUntil) }));
  }
  const code = args.trim();
  if (!code) return textReply(t("bind.usage"));

  // The attempt is counted before the code is looked at, so concurrent guesses share the limit.
  const attempt = await deps.identities.beginBindAttempt({
    identityId: identity.id,
    at: now,
    since: new Date(now.getTime() - BIND_FAILURE_WINDOW_MS),
    perIdentity: BIND_MAX_FAILURES,
    overall: BIND_MAX_FAILURES_OVERALL,
    lockUntil: new Date(now.getTime() + BIND_LOCK_MS),
  });
  if (!attempt.ok) {
    return textReply(
      attempt.reason === "busy" ? t("bind.busy") : t("bind.locked", { until: formatLocalTime(attempt.until) }),
    );
  }
  const result = looksLikeInviteCode(code)
    ? await deps.identities.redeemInvite(hashInviteCode(code), identity.id, now)
    : ({ ok: false, reason: "invalid" } as const);
  await deps.identities.settleBindAttempt(attempt.attemptId, result.ok);
  if (result.ok) {
    const bound = await deps.identities.actor(result.contactId);
    await deps.identities.audit({
      at: now,
      actorContactId: result.contactId,
      actor: `${identity.platform}:${identity.platformUserId}`,
      action: "identity.bound",
      entity: "ChatIdentity",
      entityId: identity.id,
    });
    const units = (bound?.units ?? []).map((u) => u.name);
    // A convenor or office member has no unit and no task of their own: point at /status, not /tasks.
    return textReply(
      t(units.length > 0 ? "bind.ok" : "bind.okLeader", { name: nameWithUnits(bound?.name ?? "", units) }),
    );
  }
  if (result.reason === "expired") return textReply(t("bind.expired"));
  if (result.reason === "used") return textReply(t("bind.used"));
  const failures = attempt.failuresBefore + 1;
  if (failures >= BIND_MAX_FAILURES) {
    const until = new Date(now.getTime() + BIND_LOCK_MS);
    await deps.identities.lockIdentity(identity.id, until);
    return textReply(t("bind.locked", { until: formatLocalTime(until) }));
  }
  return textReply(t("bind.invalid", { left: BIND_MAX_FAILURES - failures }));
}

async function bindChannel(ctx: BotContext, args: string): Promise<Reply> {
  const { t, actor, event, now, deps } = ctx;
  if (!actor) return textReply(t("bind.channel.unbound"));
  const led = ledGroups(actor);
  if (led.length === 0) return textReply(t("bind.channel.denied"));
  const wanted = args.trim();
  const groups = await deps.identities.listGroups();
  const group = wanted ? groups.find((g) => g.key === wanted || g.name === wanted) : undefined;
  if (!wanted && led.length > 1) {
    return textReply(t("bind.channel.which", { example: led[0] ?? "", groups: listParam(led) }));
  }
  const groupKey = group?.key ?? (wanted ? undefined : led[0]);
  if (!groupKey) return textReply(t("group.unknown", { group: wanted, groups: listParam(groups.map((g) => g.key)) }));
  if (!mayBindChannel(actor, groupKey)) return textReply(t("bind.channel.denied"));
  await deps.identities.bindChannel({
    groupKey,
    platform: event.platform,
    chatId: event.chatId,
    title: event.chatTitle,
    contactId: actor.contactId,
    at: now,
  });
  await deps.identities.audit({
    at: now,
    actorContactId: actor.contactId,
    actor: `${event.platform}:${event.userId}`,
    action: "channel.bound",
    entity: "GroupChannel",
    entityId: `${event.platform}:${event.chatId}`,
    details: { group: groupKey },
  });
  const name = groups.find((g) => g.key === groupKey)?.name ?? groupKey;
  // Said to the whole chat (not only to whoever typed /bind, as Slack's commands answer by default):
  // everyone in it should know that the group's digests will come here.
  const text = t("bind.channel.ok", { group: name, who: actor.name });
  return { messages: [{ ...textMessage(text), ephemeral: false }] };
}

/** Lock times are shown in China time, where every deployment so far runs. */
function formatLocalTime(instant: Date): string {
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(instant);
}

/** What binding by e-mail did: bound (the new actor) or why not, said in the answer either way. */
export type EmailBinding = { bound: true; actor: Actor; notice: string } | { bound: false; notice: string };

/**
 * Binds a sender not bound yet by the e-mail their platform vouches for (Slack with
 * SLACK_BIND_BY_EMAIL), to the one active contact with that e-mail in the roster. No contact, or
 * an e-mail two contacts share, binds nothing: the person is told to use an invite code instead.
 */
export async function bindByEmail(
  ctx: Pick<BotContext, "t" | "identity" | "now" | "deps">,
  email: string,
): Promise<EmailBinding> {
  const { t, identity, now, deps } = ctx;
  const contacts = await deps.identities.contactsByEmail(email);
  const only = contacts.length === 1 ? contacts[0] : undefined;
  if (!only) {
    return { bound: false, notice: t(contacts.length === 0 ? "bind.email.none" : "bind.email.shared", { email }) };
  }
  const bound = await deps.identities.bindIdentityByEmail(identity.id, only.id, now);
  const actor = bound ? await deps.identities.actor(only.id) : null;
  if (!actor) return { bound: false, notice: t("bind.email.none", { email }) };
  await deps.identities.audit({
    at: now,
    actorContactId: only.id,
    actor: `${identity.platform}:${identity.platformUserId}`,
    action: "identity.bound",
    entity: "ChatIdentity",
    entityId: identity.id,
    details: { by: "email" },
  });
  return {
    bound: true,
    actor,
    // The name once: 示例联络人（省教育厅） is not followed by （省教育厅） again.
    notice: t("bind.email.ok", {
      email,
      name: nameWithUnits(
        actor.name,
        actor.units.map((u) => u.name),
      ),
    }),
  };
}
