import { exampleTemplate, blankTemplate } from "../../domain/report/example.js";
import { parseReportText } from "../../domain/report/template.js";
import type { ReportDraft, ReportFieldError, TargetSpec } from "../../domain/report/types.js";
import type { WorkCalendar } from "../../domain/time/calendar.js";
import {
  comparePeriods,
  formatPeriodId,
  label as periodLabel,
  periodStartEnd,
  safeParsePeriodId,
  type Period,
} from "../../domain/time/periods.js";
import type { Reply } from "../chat/inbound.js";
import type { Block, FormField, Outbound } from "../chat/outbound.js";
import { translator } from "../i18n/catalog.js";
import { formatLocalInstant } from "../i18n/local-time.js";
import { reportMessages } from "../i18n/messages/report.js";
import type { BotContext } from "../bot/context.js";
import { cycleRules, materializePeriod, periodAt, reportingCycle } from "../schedule.js";
import { VERSION_SLOT } from "./ports.js";
import type { CycleSettingRow, ReportableTask, ReportingScope, ReportStore, StoredReport } from "./ports.js";
import { judgeTarget, percent } from "../evaluation/index.js";
import type { ConversationStore } from "./conversation-ports.js";
import { createGuidedFlow } from "./guided-flow.js";
import { formFieldOf, reasonCodeOf, reportFormText, VALUE_FIELD_PREFIX } from "./form-text.js";

export interface ReportFlowDeps {
  reports: ReportStore;
  calendar: WorkCalendar;
  conversations: ConversationStore;
}

/** Where a report came from, when it is not a plain message (a reply to a reminder fixes task and period). */
export interface ReportOrigin {
  taskId?: string;
  unitId?: string;
  periodKey?: string;
  /** A submitted form: refusals also name the form's fields, for platforms that show them there. */
  fromForm?: boolean;
}

type T = ReturnType<typeof translator<keyof (typeof reportMessages)["zh-CN"]>>;

/** A report problem: the parser's field errors, plus the period checks made here. */
type FlowError =
  ReportFieldError | { field: "period"; code: "future_period" | "bad_period"; detail: Record<string, string | number> };

/**
 * Reporting by text: the filled-in template, a reply to a reminder, or the fields alone when the
 * contact has one task. Every path ends in the same validation and the same stored record; a
 * report is confirmed only after it is saved.
 */
export function createReportFlow(deps: ReportFlowDeps) {
  function tr(ctx: BotContext): T {
    return translator(reportMessages, ctx.locale);
  }

  // The actor's tasks and their groups' cycle settings, read once per event: an event may ask
  // for them several times (pick the task, its period, the save), the database only once.
  const scopes = new WeakMap<BotContext, Promise<ReportingScope>>();

  function scopeOf(ctx: BotContext): Promise<ReportingScope> {
    let scope = scopes.get(ctx);
    if (!scope) {
      scope = ctx.actor
        ? deps.reports.reportingScope(
            ctx.actor.units.map((u) => u.unitId),
            ctx.planRevision === undefined ? undefined : { planRevision: ctx.planRevision },
          )
        : Promise.resolve({ tasks: [], cycleSettings: new Map() });
      scopes.set(ctx, scope);
    }
    return scope;
  }

  async function tasksOf(ctx: BotContext): Promise<ReportableTask[]> {
    return (await scopeOf(ctx)).tasks;
  }

  async function settingsOf(ctx: BotContext, groupId: string): Promise<CycleSettingRow[]> {
    return (await scopeOf(ctx)).cycleSettings.get(groupId) ?? deps.reports.cycleSettings(groupId);
  }

  /** The period a report on this task is for right now, with its due instant. */
  async function currentPeriod(ctx: BotContext, task: ReportableTask) {
    const settings = await settingsOf(ctx, task.group.id);
    const cycle = reportingCycle(task.cycles, settings);
    if (!cycle) return null;
    const rules = cycleRules(settings.find((s) => s.cycle === cycle)!);
    const period = periodAt(cycle, ctx.now, task.group.timezone);
    return { period, rules, settings };
  }

  function targetSpecs(task: ReportableTask): TargetSpec[] {
    return task.targets.map((t) => ({
      key: t.key,
      metric: t.metric,
      unitOfMeasure: t.unitOfMeasure,
      targetValue: t.targetValue,
      direction: t.direction,
      kind: t.kind,
      minValue: t.minValue,
      maxValue: t.maxValue,
    }));
  }

  function errorReply(
    ctx: BotContext,
    errors: readonly FlowError[],
    task: ReportableTask | null,
    periodId?: string,
    fromForm = false,
  ): Reply {
    const t = tr(ctx);
    const lines = [t("error.header")];
    const formErrors: Record<string, string> = {};
    for (const error of errors) {
      const targetKey = error.field === "value" ? error.detail?.target : undefined;
      const metric = task?.targets.find((x) => x.key === targetKey)?.metric;
      // A value problem that is about no one target (none given, a blank line) names the fields
      // the task's template has (城镇新增就业、补贴性职业技能培训), never a 完成值 it does not show.
      const allMetrics =
        error.field === "value" && targetKey === undefined && task && task.targets.length > 0
          ? task.targets.map((x) => x.metric)
          : undefined;
      const fieldName =
        metric ??
        (error.code === "missing" || error.code === "empty" ? allMetrics?.join("、") : undefined) ??
        t(`field.${error.field}`);
      const code = reasonCodeOf(error, task?.targets.length ?? 0) as Parameters<T>[0];
      const reason = t(code, error.detail ?? {});
      lines.push(t("error.line", { field: fieldName, reason }));
      const fieldId = formFieldOf(error);
      formErrors[fieldId] = formErrors[fieldId] ? `${formErrors[fieldId]}；${reason}` : reason;
    }
    const blocks: Block[] = [{ type: "text", text: lines.join("\n") }];
    if (task) {
      blocks.push({ type: "text", text: t("error.example") });
      blocks.push({
        type: "text",
        text: exampleTemplate({
          taskKey: task.taskKey,
          periodId: periodForPeople(periodId),
          targets: targetSpecs(task),
        }),
      });
    }
    return { messages: [{ blocks, summary: t("error.header"), ...(fromForm ? { formErrors } : {}) }] };
  }

  function pickReply(ctx: BotContext, tasks: readonly ReportableTask[], kept = false): Reply {
    const t = tr(ctx);
    if (tasks.length === 0)
      return { messages: [{ blocks: [{ type: "text", text: t("pick.none") }], summary: t("pick.none") }] };
    return {
      messages: [
        {
          blocks: [
            { type: "text", text: t("pick.title") },
            {
              type: "buttons",
              buttons: tasks.map((task) => ({
                actionId: "report.start",
                label: `${task.taskKey} ${task.title}`.slice(0, 60),
                value: `${task.taskId}:${task.unit.id}`,
              })),
            },
            { type: "text", text: t(kept ? "pick.kept" : "pick.hint") },
          ],
          summary: t("pick.title"),
        },
      ],
    };
  }

  /** The blank template for one task and its current period: what /report and reminders show. */
  async function templateFor(ctx: BotContext, task: ReportableTask): Promise<Outbound> {
    const t = tr(ctx);
    const current = await currentPeriod(ctx, task);
    // The header writes the period as people do (2023年1月中旬); the parser reads it back.
    const periodId = current ? periodLabel(current.period, "zh-CN") : undefined;
    let title = `${task.taskKey} ${task.title}`;
    if (current) {
      const row = await materializePeriod(deps.reports, task.group, current.period, current.rules, deps.calendar);
      title = t("template.title", {
        task: task.taskKey,
        title: task.title,
        period: periodLabel(current.period, ctx.locale),
        due: formatLocalInstant(row.dueAt, task.group.timezone, ctx.locale),
      });
    }
    const template = blankTemplate({ taskKey: task.taskKey, periodId, targets: targetSpecs(task) });
    const value = `${task.taskId}:${task.unit.id}`;
    return {
      blocks: [
        { type: "heading", text: title },
        { type: "text", text: t("template.hint") },
        { type: "text", text: template },
        {
          type: "buttons",
          buttons: [
            { actionId: "report.form", label: t("template.form"), value, style: "primary" },
            { actionId: "report.guided", label: t("template.guided"), value },
          ],
        },
      ],
      summary: title,
    };
  }

  /** Stores a validated draft for a task and period, then confirms what was understood. */
  async function save(
    ctx: BotContext,
    task: ReportableTask,
    draft: ReportDraft,
    period: Period,
    sourceText?: string,
  ): Promise<Reply> {
    const settings = await settingsOf(ctx, task.group.id);
    const setting = settings.find((s) => s.cycle === period.cycle);
    const rules = cycleRules(
      setting ?? { cycle: period.cycle, enabled: true, dueRule: null, ladder: null, quietHours: null },
    );
    const row = await materializePeriod(deps.reports, task.group, period, rules, deps.calendar);
    const isLate = ctx.now.getTime() > row.dueAt.getTime();
    const confirm = (version: number | typeof VERSION_SLOT) =>
      confirmation(ctx, task, draft, period, { isLate, dueAt: row.dueAt, version });
    const answerTo = ctx.event.answerTo;
    // Kept in the outbox with the report (one write), so that a crash before it is sent cannot lose
    // it: the adapter sends it under the same key, or the outbox does after the crash.
    const kept = answerTo ? { key: `${answerTo.keyPrefix}#report`, to: answerTo.to } : undefined;
    const saved = await deps.reports.saveReport({
      taskId: task.taskId,
      unitId: task.unit.id,
      periodId: row.id,
      draft,
      targetIds: Object.fromEntries(task.targets.map((target) => [target.key, target.id])),
      submittedByContactId: ctx.actor!.contactId,
      submittedAt: ctx.now,
      isLate,
      source: {
        platform: ctx.event.platform,
        chatId: ctx.event.chatId,
        messageId: ctx.event.messageId,
        text: sourceText,
        eventId: ctx.event.eventId,
      },
      ...(kept ? { confirmation: { ...kept, first: confirm(1), correction: confirm(VERSION_SLOT) } } : {}),
    });
    // The report's write carried the event's mark (see ReportStore.saveReport).
    ctx.eventMarked = true;
    const message = confirm(saved.version);
    return { messages: [kept ? { ...message, keptKey: kept.key } : message] };
  }

  /**
   * What the user is told once a report is saved. `version` is the version stored, or the slot
   * the store fills in when the confirmation is kept in the outbox with the report.
   */
  function confirmation(
    ctx: BotContext,
    task: ReportableTask,
    draft: ReportDraft,
    period: Period,
    saved: { isLate: boolean; dueAt: Date; version: number | typeof VERSION_SLOT },
  ): Outbound {
    const t = tr(ctx);
    const due = formatLocalInstant(saved.dueAt, task.group.timezone, ctx.locale);
    const lines = [`${t("field.status")}：${t(`status.${draft.status}`)}`];
    if (saved.version !== 1) lines.push(t("saved.version", { version: saved.version }));
    lines.push(saved.isLate ? t("saved.late", { due }) : t("saved.onTime", { due }));
    const progressBlocks: Block[] = [];
    for (const target of task.targets) {
      const value = draft.values.find((v) => v.targetKey === target.key)?.value ?? null;
      if (value === null) continue;
      // Judged as the period stood at its end: a 补报 for 1月上旬 gets 1月上旬's pace, not today's.
      const periodEnd = periodStartEnd(period, task.group.timezone).end;
      const judgedAt = ctx.now.getTime() < periodEnd.getTime() ? ctx.now : periodEnd;
      const judged = judgeTarget(target, value, task, judgedAt, task.group.timezone);
      const detail = t("saved.target", {
        value: String(value),
        unit: target.unitOfMeasure,
        target: String(target.targetValue),
        pace: judged.pace === null ? "" : t("saved.pace", { pace: percent(judged.pace) }),
      });
      progressBlocks.push({
        type: "progress",
        label: target.metric,
        ratio: judged.completion,
        light: judged.light,
        detail,
      });
    }
    if (task.targets.length === 0) lines.push(t("saved.noTargets"));
    const fields = [
      { label: t("field.progress"), value: draft.progress },
      { label: t("field.problems"), value: draft.problems },
      { label: t("field.nextSteps"), value: draft.nextSteps },
      { label: t("field.coordination"), value: draft.coordinationNeeded },
    ].filter((f) => f.value.trim() !== "");
    const heading = t("saved.title", {
      task: `${task.taskKey} ${task.title}`,
      period: periodLabel(period, ctx.locale),
    });
    return {
      blocks: [
        { type: "heading", text: heading },
        { type: "text", text: lines.join("\n") },
        ...progressBlocks,
        ...(fields.length > 0 ? [{ type: "fields" as const, fields }] : []),
      ],
      summary: heading,
    };
  }

  /** Which period a report names (or the current one), refusing periods that have not begun. */
  function resolvePeriod(
    ctx: BotContext,
    task: ReportableTask,
    current: Period,
    periodRef: string | undefined,
  ): { ok: true; period: Period } | { ok: false; errors: FlowError[] } {
    if (!periodRef) return { ok: true, period: current };
    const parsed = safeParsePeriodId(periodRef);
    if (!parsed.ok)
      return { ok: false, errors: [{ field: "period", code: "bad_period", detail: { text: periodRef } }] };
    if (comparePeriods(parsed.period, periodAt(parsed.period.cycle, ctx.now, task.group.timezone)) > 0) {
      return {
        ok: false,
        errors: [
          { field: "period", code: "future_period", detail: { period: periodLabel(parsed.period, ctx.locale) } },
        ],
      };
    }
    return { ok: true, period: parsed.period };
  }

  async function taskFromValue(ctx: BotContext, value: string): Promise<ReportableTask | undefined> {
    const [taskId, unitId] = value.split(":");
    return (await tasksOf(ctx)).find((x) => x.taskId === taskId && x.unit.id === unitId);
  }

  async function currentPeriodKey(
    ctx: BotContext,
    task: ReportableTask,
  ): Promise<{ id: string; label: string } | null> {
    const current = await currentPeriod(ctx, task);
    return current ? { id: formatPeriodId(current.period), label: periodLabel(current.period, "zh-CN") } : null;
  }

  const guided = createGuidedFlow({
    conversations: deps.conversations,
    tasksOf,
    submit: async (ctx, task, periodKey, text) =>
      (await handleText(ctx, text, { taskId: task.taskId, unitId: task.unit.id, periodKey })) ?? pickReply(ctx, [task]),
  });

  /** The report as a form: a Slack modal, prompts on the console. Pre-filled with the period's report when there is one. */
  function formFor(ctx: BotContext, task: ReportableTask, periodKey: string, current: StoredReport | null): Outbound {
    const t = tr(ctx);
    const initial = (value: string | undefined) => (value && value.trim() !== "" ? { initial: value } : {});
    const text = (id: string, label: string, value: string | undefined, optional: boolean): FormField => ({
      kind: "text",
      id,
      label,
      multiline: true,
      ...(optional ? { optional: true } : {}),
      ...initial(value),
    });
    const title = `${task.taskKey} ${task.title}`.slice(0, 24);
    return {
      blocks: [
        {
          type: "form",
          form: {
            formId: "report",
            title,
            submitLabel: t("form.submit"),
            context: `${task.taskId}:${task.unit.id}:${periodKey}`,
            reopen: { actionId: "report.form", label: t("template.form"), value: `${task.taskId}:${task.unit.id}` },
            fields: [
              ...task.targets.map((target): FormField => ({
                kind: "number",
                id: `${VALUE_FIELD_PREFIX}${target.key}`,
                label: target.metric,
                unit: target.unitOfMeasure,
                optional: true,
                accepts: { kind: target.kind, minValue: target.minValue, maxValue: target.maxValue },
                ...initial(current?.values.find((v) => v.targetId === target.id)?.value.toString()),
              })),
              {
                kind: "select",
                id: "status",
                label: t("field.status"),
                options: (["on_track", "at_risk", "behind", "done"] as const).map((s) => ({
                  value: s,
                  label: t(`status.${s}`),
                })),
                ...initial(current?.status),
              },
              text("progress", t("field.progress"), current?.progress, false),
              text("problems", t("field.problems"), current?.problems, true),
              text("nextSteps", t("field.nextSteps"), current?.nextSteps, true),
              text("coordination", t("field.coordination"), current?.coordinationNeeded, true),
            ],
          },
        },
      ],
      summary: title,
    };
  }

  return {
    tasksOf,
    templateFor,

    /** Buttons of the template: the form, or the guided questions. */
    async startForm(ctx: BotContext, value: string): Promise<Reply> {
      const task = await taskFromValue(ctx, value);
      if (!task) return pickReply(ctx, await tasksOf(ctx));
      return openForm(ctx, task);
    },

    async startGuided(ctx: BotContext, value: string): Promise<Reply> {
      const task = await taskFromValue(ctx, value);
      const period = task ? await currentPeriodKey(ctx, task) : null;
      if (!task || !period) return pickReply(ctx, await tasksOf(ctx));
      return guided.start(ctx, task, period.id, period.label);
    },

    guidedAnswer: (ctx: BotContext, text: string) => guided.answer(ctx, text),
    cancel: (ctx: BotContext) => guided.cancel(ctx),

    /** /report [TASK]: the template for one task, or the choice of task. */
    async start(ctx: BotContext, args: string): Promise<Reply> {
      const tasks = await tasksOf(ctx);
      const wanted = args.trim().toUpperCase();
      const matching = wanted ? tasks.filter((task) => task.taskKey.toUpperCase() === wanted) : tasks;
      if (wanted && matching.length === 0) {
        return errorReply(
          ctx,
          [{ field: "task", code: "unknown_task", detail: { task: args.trim(), mine: taskKeys(tasks) } }],
          null,
        );
      }
      if (matching.length !== 1) return pickReply(ctx, matching.length === 0 ? tasks : matching);
      if (ctx.event.canOpenForm) return openForm(ctx, matching[0]!);
      return { messages: [await templateFor(ctx, matching[0]!)] };
    },

    /** The "填报" button of a reminder or of the task choice. */
    async startFromButton(ctx: BotContext, value: string): Promise<Reply> {
      const [taskId, unitId] = value.split(":");
      const task = (await tasksOf(ctx)).find((x) => x.taskId === taskId && x.unit.id === unitId);
      if (!task) return pickReply(ctx, await tasksOf(ctx));
      const pending = pendingReportOf(ctx.conversation);
      if (pending) {
        await deps.conversations.clear(ctx.identity.id);
        const reply = await handleText(ctx, pending.text, {
          taskId: task.taskId,
          unitId: task.unit.id,
          ...(pending.periodKey && { periodKey: pending.periodKey }),
        });
        if (reply) return reply;
      }
      if (ctx.event.canOpenForm) return openForm(ctx, task);
      return { messages: [await templateFor(ctx, task)] };
    },

    handleText,

    /** A submitted form (Slack modal, console prompts): same validation, same record. */
    async handleForm(ctx: BotContext, formContext: string, values: Record<string, string>): Promise<Reply> {
      const [taskId, unitId, periodKey] = formContext.split(":");
      const task = (await tasksOf(ctx)).find((x) => x.taskId === taskId && x.unit.id === unitId);
      if (!task) return pickReply(ctx, await tasksOf(ctx));
      return (
        (await handleText(ctx, reportFormText(task.taskKey, periodKey, task.targets, values), {
          taskId,
          unitId,
          periodKey,
          fromForm: true,
        })) ?? pickReply(ctx, [task])
      );
    },
  };

  /** The form for a task's current period, pre-filled with what the unit already reported for it. */
  async function openForm(ctx: BotContext, task: ReportableTask): Promise<Reply> {
    const current = await currentPeriod(ctx, task);
    if (!current) return pickReply(ctx, await tasksOf(ctx));
    const row = await materializePeriod(deps.reports, task.group, current.period, current.rules, deps.calendar);
    const reported = await deps.reports.currentReport(task.taskId, task.unit.id, row.id);
    return { messages: [formFor(ctx, task, formatPeriodId(current.period), reported)] };
  }

  /**
   * Free text that may be a report. Returns null when it does not look like one (no
   * `key：value` line), so the bot can answer that it did not understand.
   */
  async function handleText(ctx: BotContext, text: string, origin: ReportOrigin = {}): Promise<Reply | null> {
    if (!/[:：]/.test(text)) return null;
    const tasks = await tasksOf(ctx);
    if (tasks.length === 0) return null;
    const headerKey = /^\s*(?:报送|填报)?\s*([A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]+)/
      .exec(text.normalize("NFKC"))?.[1]
      ?.toUpperCase();
    let task: ReportableTask | undefined;
    if (origin.taskId)
      task = tasks.find((x) => x.taskId === origin.taskId && (!origin.unitId || x.unit.id === origin.unitId));
    if (!task && headerKey) task = tasks.find((x) => x.taskKey.toUpperCase() === headerKey);
    if (!task && headerKey) {
      return errorReply(
        ctx,
        [{ field: "task", code: "unknown_task", detail: { task: headerKey, mine: taskKeys(tasks) } }],
        tasks.length === 1 ? tasks[0]! : null,
      );
    }
    if (!task && tasks.length === 1) task = tasks[0];
    if (!task) {
      // Keep what was typed: choosing the task (a button) saves it for that task (startFromButton).
      const pending: PendingReport = { text, ...(origin.periodKey && { periodKey: origin.periodKey }) };
      await deps.conversations.save(ctx.identity.id, PENDING_FLOW, pending, new Date(ctx.now.getTime() + PENDING_MS));
      return pickReply(ctx, tasks, true);
    }

    const current = await currentPeriod(ctx, task);
    if (!current) return null;
    const parsed = parseReportText(text, {
      targets: targetSpecs(task),
      knownTaskKeys: tasks.map((x) => x.taskKey),
      defaultTaskKey: task.taskKey,
      defaultPeriodId: origin.periodKey ?? formatPeriodId(current.period),
    });
    const fromForm = origin.fromForm ?? false;
    if (!parsed.ok)
      return errorReply(ctx, parsed.errors, task, origin.periodKey ?? formatPeriodId(current.period), fromForm);
    // The parsed draft has been through validateReportDraft against these very targets already.
    const period = resolvePeriod(ctx, task, current.period, parsed.draft.periodRef);
    if (!period.ok) return errorReply(ctx, period.errors, task, formatPeriodId(current.period), fromForm);
    return save(ctx, task, parsed.draft, period.period, text);
  }
}

export type ReportFlow = ReturnType<typeof createReportFlow>;

/** A period id as a template header writes it (`2023-01-X2` -> `2023年1月中旬`); other text unchanged. */
function periodForPeople(periodId: string | undefined): string | undefined {
  if (periodId === undefined) return undefined;
  const parsed = safeParsePeriodId(periodId);
  return parsed.ok ? periodLabel(parsed.period, "zh-CN") : periodId;
}

/** `MS-03、MS-11`: the user's own task keys, for a refusal that names an unknown one. */
function taskKeys(tasks: readonly ReportableTask[]): string {
  return [...new Set(tasks.map((t) => t.taskKey))].join("、");
}

/** A report typed without its task, kept while the user chooses the task (30 minutes). */
const PENDING_FLOW = "pending-report";
const PENDING_MS = 30 * 60_000;
interface PendingReport {
  text: string;
  periodKey?: string;
}

function pendingReportOf(conversation: BotContext["conversation"]): PendingReport | null {
  if (conversation?.flow !== PENDING_FLOW) return null;
  const state = conversation.state as Partial<PendingReport> | null;
  if (typeof state?.text !== "string") return null;
  return { text: state.text, ...(typeof state.periodKey === "string" && { periodKey: state.periodKey }) };
}
