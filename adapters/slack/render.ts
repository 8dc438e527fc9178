import type { types } from "@slack/bolt";
import type { Block, Button, Form, Outbound } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { slackMessages } from "../../src/core/i18n/messages/slack.js";
import { escapeSlackMrkdwn as esc } from "../../src/render/escape.js";
import { LIGHT_SYMBOL, percent, textBar } from "../../src/render/format.js";
import { formatPlainTable } from "../../src/render/plain-text.js";
import { slackCommandSpelling as cmd } from "./command-spelling.js";

type KnownBlock = types.KnownBlock;

/** Block Kit's published limits (https://docs.slack.dev/reference/block-kit/blocks). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  elementsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  optionText: 75,
  /** The top-level `text` of a message is truncated by Slack beyond this. */
  messageText: 40_000,
} as const;

/** The modal's callback id; the form's own id and context travel in private_metadata. */
export const FORM_CALLBACK_ID = "zhuanban.form";
/** Every input element of a modal uses this action id; the block id is the form field id. */
export const INPUT_ACTION_ID = "v";

export interface SlackMessage {
  /** Fallback text: notifications, screen readers, and clients that show no blocks. */
  text: string;
  blocks: KnownBlock[];
}

/**
 * Renders a neutral message as one or more Slack messages (Block Kit allows 50 blocks a message;
 * a long digest continues in the next one). User text is escaped for mrkdwn (`&`, `<`, `>`), so
 * nobody can inject a mention, a channel link or a URL.
 */
export function renderSlack(message: Outbound): SlackMessage[] {
  const blocks = message.blocks.flatMap((block) => renderBlock(block));
  // The fallback text is mrkdwn too (notifications show it): escaped like the blocks.
  const text = truncate(esc(cmd(message.summary || " ")), SLACK_LIMITS.messageText);
  if (blocks.length === 0) return [{ text, blocks: [section(esc(cmd(message.summary || " ")))] }];
  const messages: SlackMessage[] = [];
  for (let i = 0; i < blocks.length; i += SLACK_LIMITS.blocksPerMessage) {
    messages.push({ text, blocks: blocks.slice(i, i + SLACK_LIMITS.blocksPerMessage) });
  }
  return messages;
}

function renderBlock(block: Block): KnownBlock[] {
  switch (block.type) {
    case "heading":
      return [{ type: "header", text: { type: "plain_text", text: truncate(block.text, SLACK_LIMITS.headerText) } }];
    case "text":
      return splitText(esc(cmd(block.text)), SLACK_LIMITS.sectionText).map(section);
    case "fields":
      return chunk(block.fields, SLACK_LIMITS.fieldsPerSection).map((fields) => ({
        type: "section",
        fields: fields.map((f) => ({
          type: "mrkdwn",
          text: truncate(`*${esc(f.label)}*\n${esc(cmd(f.value))}`, SLACK_LIMITS.fieldText),
        })),
      }));
    case "table":
      return tableSections(block.columns, block.rows);
    case "progress": {
      const ratio = block.ratio === null ? "—" : `\`${textBar(block.ratio)}\` ${percent(block.ratio)}`;
      const detail = block.detail ? `\n${esc(cmd(block.detail))}` : "";
      return [section(truncate(`${LIGHT_SYMBOL[block.light]} *${esc(block.label)}* ${ratio}${detail}`, 3000))];
    }
    case "buttons":
      return chunk(block.buttons, SLACK_LIMITS.elementsPerActions).map((buttons, part) => ({
        type: "actions",
        elements: buttons.map((b, i) => button(b, part * SLACK_LIMITS.elementsPerActions + i)),
      }));
    case "form": {
      // A message cannot hold a form: it offers the button that opens it as a modal.
      const reopen = block.form.reopen;
      return reopen ? [{ type: "actions", elements: [button(reopen, 0)] }] : [section(esc(block.form.title))];
    }
    case "divider":
      return [{ type: "divider" }];
    case "chart":
      // A chart is a picture uploaded beside the message (see chart-upload.ts), not a block.
      return [];
  }
}

/**
 * Slack requires action ids to be unique within a message, and the core gives every "pick this
 * task" button the same one; so each carries its position (`report.start#3`), stripped on the way back.
 */
function button(b: Button, index: number): types.Button {
  return {
    type: "button",
    action_id: `${b.actionId}#${index}`,
    text: { type: "plain_text", text: truncate(b.label, SLACK_LIMITS.buttonText) },
    value: b.value.slice(0, SLACK_LIMITS.buttonValue),
    ...(b.style ? { style: b.style } : {}),
  };
}

/** The core's action id from a rendered button's action id. */
export function actionIdOf(slackActionId: string): string {
  const hash = slackActionId.lastIndexOf("#");
  return hash < 0 ? slackActionId : slackActionId.slice(0, hash);
}

/** Tables as aligned monospaced sections, split on row boundaries to stay within a section's limit. */
function tableSections(columns: readonly string[], rows: readonly (readonly string[])[]): KnownBlock[] {
  const lines = formatPlainTable(columns, rows).map(esc);
  const sections: KnownBlock[] = [];
  let current: string[] = [];
  const room = SLACK_LIMITS.sectionText - 8; // the ``` fences and their newlines
  for (const line of lines) {
    const cut = line.slice(0, room);
    if (current.length > 0 && [...current, cut].join("\n").length > room) {
      sections.push(section("```\n" + current.join("\n") + "\n```"));
      current = [];
    }
    current.push(cut);
  }
  if (current.length > 0) sections.push(section("```\n" + current.join("\n") + "\n```"));
  return sections;
}

/**
 * What a submitted form turns into while the core stores it: the same title, a line saying that the
 * result follows by DM, no submit button. It does not say "saved": only the DM confirms that.
 */
export function renderSavingView(title: string, options: { locale?: Locale } = {}): types.ModalView {
  const t = translator(slackMessages, options.locale ?? "zh-CN");
  return {
    type: "modal",
    title: { type: "plain_text", text: truncate(title || " ", SLACK_LIMITS.modalTitle) },
    close: { type: "plain_text", text: t("modal.done") },
    blocks: [{ type: "section", text: { type: "plain_text", text: t("submit.pending") } }],
  };
}

/** A modal built from a form; `errors` are not part of it (they go back in the submission's ack). */
export function renderModal(form: Form, options: { locale?: Locale; metadata: string }): types.ModalView {
  const t = translator(slackMessages, options.locale ?? "zh-CN");
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    private_metadata: options.metadata,
    title: { type: "plain_text", text: truncate(form.title, SLACK_LIMITS.modalTitle) },
    submit: { type: "plain_text", text: truncate(form.submitLabel, SLACK_LIMITS.modalButton) },
    close: { type: "plain_text", text: t("modal.close") },
    blocks: form.fields.map((field): KnownBlock => {
      const base = {
        type: "input" as const,
        block_id: field.id,
        optional: field.kind !== "select" && !!field.optional,
      };
      switch (field.kind) {
        case "select": {
          const options = field.options.map((o) => ({
            text: { type: "plain_text" as const, text: truncate(o.label, SLACK_LIMITS.optionText) },
            value: o.value,
          }));
          const initial = options.find((o) => o.value === field.initial);
          return {
            ...base,
            label: { type: "plain_text", text: truncate(field.label, SLACK_LIMITS.inputLabel) },
            element: {
              type: "static_select",
              action_id: INPUT_ACTION_ID,
              options,
              ...(initial ? { initial_option: initial } : {}),
            },
          };
        }
        case "number":
          // A text input, not number_input: users write 1.2万 or 12,000 and the core converts units.
          return {
            ...base,
            label: {
              type: "plain_text",
              text: truncate(field.unit ? `${field.label}（${field.unit}）` : field.label, SLACK_LIMITS.inputLabel),
            },
            element: {
              type: "plain_text_input",
              action_id: INPUT_ACTION_ID,
              placeholder: {
                type: "plain_text",
                text: field.unit
                  ? t("modal.number.placeholder", { unit: field.unit })
                  : t("modal.number.placeholderNoUnit"),
              },
              ...(field.initial ? { initial_value: field.initial } : {}),
            },
          };
        case "text":
          return {
            ...base,
            label: { type: "plain_text", text: truncate(field.label, SLACK_LIMITS.inputLabel) },
            element: {
              type: "plain_text_input",
              action_id: INPUT_ACTION_ID,
              multiline: field.multiline,
              ...(field.initial ? { initial_value: field.initial } : {}),
            },
          };
      }
    }),
  };
}

function section(text: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text } };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Splits text on line boundaries into pieces of at most `max` characters (a longer line is cut). */
function splitText(text: string, max: number): string[] {
  if (text.length <= max) return [text || " "];
  const pieces: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    let rest = line;
    while (rest.length > max) {
      if (current) pieces.push(current);
      current = "";
      // Never cut inside an entity such as &lt;.
      let cut = max;
      const amp = rest.lastIndexOf("&", cut);
      if (amp > max - 6 && rest.indexOf(";", amp) >= cut) cut = amp;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    if (current && current.length + 1 + rest.length > max) {
      pieces.push(current);
      current = rest;
    } else current = current ? `${current}\n${rest}` : rest;
  }
  if (current) pieces.push(current);
  return pieces;
}
