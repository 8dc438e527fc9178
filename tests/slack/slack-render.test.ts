import { describe, expect, it } from "vitest";
import {
  modalErrors,
  parseBlockAction,
  parseDirectMessage,
  parseSlashCommand,
  parseViewSubmission,
  renderModal,
  renderSlack,
} from "../../adapters/slack/index.js";
import { actionIdOf } from "../../adapters/slack/render.js";
import { FORM_ERROR_GENERAL, type Form } from "../../src/core/chat/outbound.js";

// Block Kit rendering and payload parsing, without a server: the shapes Slack accepts and the
// events the core gets.
const form: Form = {
  formId: "report",
  title: "MS-03 促进高质量充分就业（2023年1月中旬报送）",
  submitLabel: "提交",
  context: "task-1:unit-1:2023-01-X2",
  fields: [
    { kind: "number", id: "value:jobs", label: "城镇新增就业", unit: "万人", optional: true, initial: "12.5" },
    {
      kind: "select",
      id: "status",
      label: "状态",
      options: [
        { value: "on_track", label: "正常推进" },
        { value: "at_risk", label: "存在风险" },
      ],
      initial: "at_risk",
    },
    { kind: "text", id: "progress", label: "进展", multiline: true },
  ],
};

describe("renderSlack", () => {
  it("renders headings, escaped text, fields, progress lights and uniquely named buttons", () => {
    const [message] = renderSlack({
      summary: "MS-03 报送",
      blocks: [
        { type: "heading", text: "MS-03 ".padEnd(200, "长") },
        { type: "text", text: "<@U1> & <!here>" },
        { type: "fields", fields: [{ label: "进展", value: "a<b" }] },
        { type: "progress", label: "城镇新增就业", ratio: 0.3, light: "red", detail: "落后于时序进度" },
        {
          type: "buttons",
          buttons: [
            { actionId: "report.start", label: "MS-03", value: "t1:u1" },
            { actionId: "report.start", label: "MS-11", value: "t2:u1", style: "primary" },
          ],
        },
      ],
    });
    const blocks = message!.blocks as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(message!.text).toBe("MS-03 报送");
    expect(blocks[0]).toMatchObject({ type: "header" });
    expect(blocks[0]!.text.text).toHaveLength(150);
    expect(blocks[1]!.text.text).toBe("&lt;@U1&gt; &amp; &lt;!here&gt;");
    expect(blocks[2]!.fields[0].text).toBe("*进展*\na&lt;b");
    expect(blocks[3]!.text.text).toMatch(/^🔴 \*城镇新增就业\* `\[███░░░░░░░\]` 30%\n落后于时序进度$/);
    const ids = blocks[4]!.elements.map((e: { action_id: string }) => e.action_id);
    expect(ids).toEqual(["report.start#0", "report.start#1"]);
    expect(ids.map(actionIdOf)).toEqual(["report.start", "report.start"]);
    expect(blocks[4]!.elements[1].style).toBe("primary");
  });

  it("renders a table as aligned monospaced sections within Slack's 3,000 characters", () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`单位${i}`, i % 2 ? "已报" : "未报", `MS-${i}`]);
    const messages = renderSlack({
      summary: "表",
      blocks: [{ type: "table", columns: ["单位", "状态", "任务"], rows }],
    });
    const sections = messages.flatMap((m) => m.blocks) as { text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(1);
    for (const s of sections) {
      expect(s.text.text.length).toBeLessThanOrEqual(3000);
      expect(s.text.text).toMatch(/^```\n[\s\S]*\n```$/);
    }
    const lines = sections.flatMap((s) => s.text.text.split("\n").filter((l) => !l.startsWith("```")));
    expect(lines).toHaveLength(202); // header, rule, 200 rows: nothing lost across sections
  });

  it("shows a form inside a message as the button that opens it", () => {
    const [message] = renderSlack({
      summary: "表单",
      blocks: [
        { type: "form", form: { ...form, reopen: { actionId: "report.form", label: "填写表单", value: "t:u" } } },
      ],
    });
    expect(message!.blocks).toEqual([
      {
        type: "actions",
        elements: [
          { type: "button", action_id: "report.form#0", text: { type: "plain_text", text: "填写表单" }, value: "t:u" },
        ],
      },
    ]);
  });
});

describe("renderModal", () => {
  it("builds a modal with inputs named by field id, pre-filled, within Slack's limits", () => {
    const view = renderModal(form, { metadata: '{"formId":"report"}' });
    expect(view.title.text).toHaveLength(24);
    expect(view.private_metadata).toBe('{"formId":"report"}');
    const blocks = view.blocks as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(blocks.map((b) => [b.block_id, b.optional])).toEqual([
      ["value:jobs", true],
      ["status", false],
      ["progress", false],
    ]);
    expect(blocks[0]!.label.text).toBe("城镇新增就业（万人）");
    expect(blocks[0]!.element).toMatchObject({ type: "plain_text_input", action_id: "v", initial_value: "12.5" });
    expect(blocks[1]!.element.initial_option).toEqual({
      text: { type: "plain_text", text: "存在风险" },
      value: "at_risk",
    });
    expect(blocks[2]!.element.multiline).toBe(true);
  });

  it("puts each refusal on its field, and one that belongs to no field on the first input", () => {
    const payload = {
      user: { id: "U1" },
      view: { state: { values: { "value:jobs": {}, status: {}, progress: {} } } },
    };
    expect(
      modalErrors({ "value:jobs": "不是数字", [FORM_ERROR_GENERAL]: "期次不对", progress: "未填写" }, payload),
    ).toEqual({
      "value:jobs": "不是数字；期次不对",
      progress: "未填写",
    });
  });
});

describe("parsing Slack payloads", () => {
  it("reads /zhuanban subcommands, in a DM (addressed by user id) or in a channel", () => {
    const dm = parseSlashCommand(
      {
        command: "/zhuanban",
        text: "  进度 minsheng ",
        user_id: "U1",
        channel_id: "D9",
        channel_name: "directmessage",
        trigger_id: "t",
      },
      "command:t",
    );
    expect(dm).toMatchObject({
      kind: "command",
      command: "进度",
      args: "minsheng",
      chatId: "U1",
      chatKind: "direct",
      canOpenForm: true,
    });
    const channel = parseSlashCommand(
      { command: "/zb", text: "bind minsheng", user_id: "U1", channel_id: "C7", channel_name: "zhuanban" },
      undefined,
    );
    expect(channel).toMatchObject({
      command: "bind",
      args: "minsheng",
      chatId: "C7",
      chatKind: "group",
      chatTitle: "zhuanban",
    });
    expect(channel.eventId).toBeUndefined();
    expect(
      parseSlashCommand({ command: "/zhuanban", text: "", user_id: "U1", channel_id: "C7" }, undefined),
    ).toMatchObject({
      command: "help",
    });
  });

  it("reads DM text as the user typed it, threads as replies, and ignores bots and edits", () => {
    const base = { type: "message", channel: "D9", channel_type: "im", user: "U1", ts: "2.0" };
    expect(parseDirectMessage({ ...base, text: "a &lt;b&gt; &amp; c", thread_ts: "1.0" }, "Ev1")).toMatchObject({
      kind: "text",
      text: "a <b> & c",
      replyToMessageId: "1.0",
      chatId: "D9",
    });
    expect(parseDirectMessage({ ...base, text: "x", bot_id: "B1" }, "Ev2")).toBeNull();
    expect(parseDirectMessage({ ...base, text: "x", subtype: "message_changed" }, "Ev3")).toBeNull();
    expect(parseDirectMessage({ ...base, text: "x", channel_type: "channel" }, "Ev4")).toBeNull();
  });

  it("reads button presses and modal submissions", () => {
    expect(
      parseBlockAction(
        {
          user: { id: "U1" },
          channel: { id: "C7" },
          trigger_id: "t",
          actions: [{ action_id: "report.start#3", value: "a:b" }],
        },
        "action:t",
      ),
    ).toMatchObject({ kind: "action", actionId: "report.start", value: "a:b", chatKind: "group", chatId: "C7" });
    const submitted = parseViewSubmission(
      {
        user: { id: "U1" },
        view: {
          private_metadata: JSON.stringify({ formId: "report", context: "t:u:2023-01-X2", chatId: "U1" }),
          state: {
            values: {
              status: { v: { type: "static_select", selected_option: { value: "done" } } },
              progress: { v: { type: "plain_text_input", value: null } },
            },
          },
        },
      },
      undefined,
    );
    expect(submitted).toMatchObject({
      kind: "form",
      formId: "report",
      context: "t:u:2023-01-X2",
      chatKind: "direct",
      values: { status: "done", progress: "" },
    });
    expect(parseViewSubmission({ user: { id: "U1" }, view: { private_metadata: "not json" } }, undefined)).toBeNull();
  });
});
