import { z } from "zod";
import { TEMPLATE_LABELS } from "../../domain/report/labels.js";
import { convertQuantity, formatNumber, parseQuantity } from "../../domain/report/number.js";
import { REPORT_STATUSES, type ReportStatus } from "../../domain/report/types.js";
import type { BotContext } from "../bot/context.js";
import { textReply } from "../bot/context.js";
import type { Reply } from "../chat/inbound.js";
import type { Outbound } from "../chat/outbound.js";
import { translator } from "../i18n/catalog.js";
import { guidedMessages } from "../i18n/messages/guided.js";
import { reportMessages } from "../i18n/messages/report.js";
import type { ConversationStore } from "./conversation-ports.js";
import type { ReportableTask } from "./ports.js";

const FLOW = "guided-report";
/** A guided report left alone for a day is forgotten. */
const EXPIRY_MS = 24 * 3600 * 1000;
const TEXT_STEPS = ["progress", "problems", "nextSteps", "coordination"] as const;
/** The answer that skips an optional item, here as in the console form (SKIP_ZH says it). */
const SKIP_ANSWERS: readonly string[] = ["-", "－"];

/** What is stored between questions: the task, the period and the answers so far. */
const stateSchema = z.object({
  taskId: z.string(),
  unitId: z.string(),
  periodKey: z.string(),
  step: z.number().int().min(0),
  values: z.record(z.string(), z.number()),
  status: z.enum(REPORT_STATUSES).optional(),
  texts: z.record(z.string(), z.string()),
});
type GuidedState = z.infer<typeof stateSchema>;

export interface GuidedFlowDeps {
  conversations: ConversationStore;
  /** The actor's reportable tasks (to re-find the task after a restart). */
  tasksOf(ctx: BotContext): Promise<ReportableTask[]>;
  /** Saves the finished answers through the same validation as a text report. */
  submit(ctx: BotContext, task: ReportableTask, periodKey: string, text: string): Promise<Reply>;
}

/**
 * The guided report: the bot asks field by field (targets, then status with buttons, then the
 * texts), checks each answer as it comes, and stores its state after every step, so a restart in
 * the middle loses nothing. The answers end in the same template text, so the same validation and
 * the same record apply as for every other way of reporting.
 */
export function createGuidedFlow(deps: GuidedFlowDeps) {
  const steps = (task: ReportableTask) => task.targets.length + 1 + TEXT_STEPS.length;

  function question(ctx: BotContext, task: ReportableTask, state: GuidedState): Outbound {
    const t = translator(guidedMessages, ctx.locale);
    const r = translator(reportMessages, ctx.locale);
    const target = task.targets[state.step];
    if (target) {
      const text = t(`askValue.${target.kind}`, {
        metric: target.metric,
        unit: target.unitOfMeasure,
        target: formatNumber(target.targetValue),
      });
      return { blocks: [{ type: "text", text }], summary: text };
    }
    if (state.step === task.targets.length) {
      const text = t("askStatus");
      return {
        blocks: [
          { type: "text", text },
          {
            type: "buttons",
            buttons: REPORT_STATUSES.map((status) => ({
              actionId: "guided.status",
              label: r(`status.${status}`),
              value: status,
            })),
          },
        ],
        summary: text,
      };
    }
    const field = TEXT_STEPS[state.step - task.targets.length - 1]!;
    const key = (
      {
        progress: "askProgress",
        problems: "askProblems",
        nextSteps: "askNextSteps",
        coordination: "askCoordination",
      } as const
    )[field];
    const text = t(key);
    return { blocks: [{ type: "text", text }], summary: text };
  }

  async function load(ctx: BotContext): Promise<{ state: GuidedState; task: ReportableTask } | null> {
    // Read with the sender when the event arrived (the bot's one query for identity and contact).
    const stored = ctx.conversation;
    if (!stored || stored.flow !== FLOW) return null;
    const parsed = stateSchema.safeParse(stored.state);
    if (!parsed.success) return null;
    const task = (await deps.tasksOf(ctx)).find(
      (x) => x.taskId === parsed.data.taskId && x.unit.id === parsed.data.unitId,
    );
    return task ? { state: parsed.data, task } : null;
  }

  async function advance(ctx: BotContext, task: ReportableTask, state: GuidedState): Promise<Reply> {
    if (state.step >= steps(task)) {
      await deps.conversations.clear(ctx.identity.id);
      return deps.submit(ctx, task, state.periodKey, toTemplate(task, state));
    }
    await deps.conversations.save(ctx.identity.id, FLOW, state, new Date(ctx.now.getTime() + EXPIRY_MS));
    return { messages: [question(ctx, task, state)] };
  }

  return {
    async start(ctx: BotContext, task: ReportableTask, periodKey: string, periodLabel: string): Promise<Reply> {
      const t = translator(guidedMessages, ctx.locale);
      const state: GuidedState = {
        taskId: task.taskId,
        unitId: task.unit.id,
        periodKey,
        step: 0,
        values: {},
        texts: {},
      };
      const first = await advance(ctx, task, state);
      return {
        messages: [
          textReply(t("start", { task: `${task.taskKey} ${task.title}`, period: periodLabel })).messages[0]!,
          ...first.messages,
        ],
      };
    },

    /** An answer typed while a guided report is open; null when none is. */
    async answer(ctx: BotContext, text: string): Promise<Reply | null> {
      const open = await load(ctx);
      if (!open) return null;
      const { task } = open;
      const state = { ...open.state, values: { ...open.state.values }, texts: { ...open.state.texts } };
      const t = translator(guidedMessages, ctx.locale);
      const target = task.targets[state.step];
      const answer = text.trim();
      if (target) {
        if (!SKIP_ANSWERS.includes(answer)) {
          const quantity = parseQuantity(answer);
          if (!quantity.ok)
            return {
              messages: [
                textReply(t("badNumber", { text: answer.slice(0, 40), unit: target.unitOfMeasure })).messages[0]!,
                question(ctx, task, state),
              ],
            };
          const converted = convertQuantity(quantity, target.unitOfMeasure);
          if (!converted.ok) {
            return {
              messages: [
                textReply(t("badUnit", { text: quantity.unit ?? "", unit: target.unitOfMeasure })).messages[0]!,
                question(ctx, task, state),
              ],
            };
          }
          state.values[target.key] = converted.value;
        }
        state.step += 1;
        if (state.step === task.targets.length && task.targets.length > 0 && Object.keys(state.values).length === 0) {
          state.step = 0;
          return { messages: [textReply(t("needValue")).messages[0]!, question(ctx, task, state)] };
        }
        return advance(ctx, task, state);
      }
      if (state.step === task.targets.length) {
        const status = statusFromText(answer);
        if (!status) return { messages: [textReply(t("badStatus")).messages[0]!, question(ctx, task, state)] };
        return advance(ctx, task, { ...state, status, step: state.step + 1 });
      }
      const field = TEXT_STEPS[state.step - task.targets.length - 1]!;
      // 进展 is required; the other texts are optional and "-" skips them, as in the form.
      const skipped = field !== "progress" && SKIP_ANSWERS.includes(answer);
      if (answer === "" || (field === "progress" && SKIP_ANSWERS.includes(answer)))
        return { messages: [textReply(t("emptyText")).messages[0]!, question(ctx, task, state)] };
      state.texts[field] = skipped ? "" : answer;
      return advance(ctx, task, { ...state, step: state.step + 1 });
    },

    /** The status buttons of the guided report. */
    async pressStatus(ctx: BotContext, value: string): Promise<Reply | null> {
      return this.answer(ctx, value);
    },

    /** /cancel: leaves the guided report; nothing is saved. */
    async cancel(ctx: BotContext): Promise<Reply> {
      const t = translator(guidedMessages, ctx.locale);
      return textReply(t((await deps.conversations.clear(ctx.identity.id)) ? "cancelled" : "nothingToCancel"));
    },
  };
}

/** A status from a button value (`on_track`), a number (1-4) or a status word (正常推进). */
function statusFromText(text: string): ReportStatus | null {
  if ((REPORT_STATUSES as readonly string[]).includes(text)) return text as ReportStatus;
  const n = Number(text.normalize("NFKC"));
  if (Number.isInteger(n) && n >= 1 && n <= REPORT_STATUSES.length) return REPORT_STATUSES[n - 1]!;
  const entry = Object.entries(TEMPLATE_LABELS.statuses).find(([, words]) =>
    (words as readonly string[]).includes(text),
  );
  return entry ? (entry[0] as ReportStatus) : null;
}

/** The answers as the canonical template, so they take the text report's validation path. */
function toTemplate(task: ReportableTask, state: GuidedState): string {
  const f = TEMPLATE_LABELS.fields;
  const lines = [`${TEMPLATE_LABELS.header[0]} ${task.taskKey} ${state.periodKey}`];
  for (const target of task.targets) {
    const value = state.values[target.key];
    if (value !== undefined) lines.push(`${target.metric}：${value}${target.unitOfMeasure}`);
  }
  lines.push(`${f.status[0]}：${TEMPLATE_LABELS.statuses[state.status ?? "on_track"][0]}`);
  lines.push(`${f.progress[0]}：${state.texts.progress ?? ""}`);
  lines.push(`${f.problems[0]}：${state.texts.problems ?? ""}`);
  lines.push(`${f.nextSteps[0]}：${state.texts.nextSteps ?? ""}`);
  lines.push(`${f.coordination[0]}：${state.texts.coordination ?? ""}`);
  return lines.join("\n");
}
