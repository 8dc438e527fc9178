import { describe, expect, it } from "vitest";

import { ConsoleSession } from "../../adapters/console/session.js";
import type { ConsoleIdentity } from "../../adapters/console/types.js";
import { DeliveryError, type InboundEvent, type Reply } from "../../src/core/chat/inbound.js";
import type { Form, Outbound } from "../../src/core/chat/outbound.js";

const HRSS: ConsoleIdentity = { userId: "c-hrss", name: "示例联络人（省人社厅）" };
const OFFICE: ConsoleIdentity = { userId: "c-ms-office", name: "示例专班办公室联络人（省人社厅）" };
const directory: Record<string, ConsoleIdentity> = {
  省人社厅: HRSS,
  "c-hrss": HRSS,
  办公室: OFFICE,
  "c-ms-office": OFFICE,
};

const text = (body: string): Outbound => ({ blocks: [{ type: "text", text: body }], summary: body });

/** The core as the console sees it: records what it is told and answers with what the test says. */
function peer(answer: (event: InboundEvent) => Outbound[] = () => [text("收到")]) {
  const events: InboundEvent[] = [];
  return {
    events,
    async handle(event: InboundEvent): Promise<Reply> {
      events.push(event);
      return { messages: answer(event) };
    },
  };
}

function session(core = peer()) {
  return new ConsoleSession({
    handler: core,
    locale: "zh-CN",
    resolveIdentity: async (query) => directory[query] ?? null,
    resolveGroupName: async (key) => (key === "minsheng" ? "省打好重点民生保障仗工作专班" : null),
  });
}

const reportForm: Form = {
  formId: "report",
  title: "MS-03 稳就业",
  submitLabel: "提交",
  context: "MS-03|2023-01-X2",
  fields: [
    {
      kind: "select",
      id: "status",
      label: "状态",
      options: [
        { value: "on_track", label: "正常推进" },
        { value: "behind", label: "滞后" },
      ],
    },
    { kind: "number", id: "value", label: "城镇新增就业", unit: "万人" },
    { kind: "text", id: "problems", label: "问题", multiline: true, optional: true },
  ],
};

describe("ConsoleSession identity", () => {
  it("asks for an identity first and sends nothing without one", async () => {
    const core = peer();
    const console = session(core);
    const out = await console.say("/tasks");
    expect(out.map((e) => [e.from, e.text])).toEqual([
      ["user", "/tasks"],
      ["system", "请先用 /as 选择身份，例如 /as 省人社厅。"],
    ]);
    expect(core.events).toEqual([]);
  });

  it("answers /help before /as with how the console works and how to choose who to be", async () => {
    const core = peer();
    const console = session(core);
    const out = await console.say("/help");
    const system = out.filter((e) => e.from === "system").map((e) => e.text);
    expect(system[0]).toContain("/as 单位或联络人 切换身份");
    expect(system[1]).toContain("选定后再发 /help，会列出该身份可用的命令");
    expect(core.events).toEqual([]);
  });

  it("acts as whom resolveIdentity names, and says when nobody matches", async () => {
    const console = session();
    expect(await console.actAs("无此人")).toBeNull();
    expect(console.transcript().at(-1)?.text).toBe(
      "找不到“无此人”。请写单位名称、联络人姓名或编号，例如 /as 省人社厅。",
    );
    const out = await console.say("/as 省人社厅");
    expect(out.at(-1)).toMatchObject({ from: "system", text: "现在您的身份是 示例联络人（省人社厅）。" });
    expect(console.identity).toEqual(HRSS);
    expect(console.prompt()).toBe("示例联络人（省人社厅） @ 私信> ");
    expect((await console.say("/as")).at(-1)?.text).toBe("用法：/as 单位或联络人，例如 /as 省人社厅");
  });
});

describe("ConsoleSession events", () => {
  it("turns /commands into command events from the DM and shows the reply", async () => {
    const core = peer(() => [text("本期：3 项任务")]);
    const console = session(core);
    await console.actAs("省人社厅");
    const out = await console.say("/status minsheng");
    expect(core.events).toEqual([
      {
        platform: "console",
        userId: "c-hrss",
        userName: "示例联络人（省人社厅）",
        chatId: "dm:c-hrss",
        chatKind: "direct",
        messageId: "u1",
        kind: "command",
        command: "status",
        args: "minsheng",
      },
    ]);
    expect(out.at(-1)).toEqual({
      stream: "dm",
      chatId: "dm:c-hrss",
      from: "bot",
      text: "本期：3 项任务",
      message: text("本期：3 项任务"),
      messageId: "c1",
    });
  });

  it("sends other text as a text event; several lines in one say() are one message", async () => {
    const core = peer();
    const console = session(core);
    await console.actAs("省人社厅");
    await console.say("报送 MS-03 2023年1月中旬\n完成值：12.5\n问题：无");
    expect(core.events.at(-1)).toMatchObject({
      kind: "text",
      text: "报送 MS-03 2023年1月中旬\n完成值：12.5\n问题：无",
    });
  });

  it("continues a message after a line ending with a backslash", async () => {
    const core = peer();
    const console = session(core);
    await console.actAs("省人社厅");
    expect(await console.say("报送 MS-03\\")).toEqual([]);
    expect(console.continuing).toBe(true);
    expect(console.prompt()).toBe("… ");
    await console.say("完成值：12.5\\");
    await console.say("状态：正常推进");
    expect(core.events).toHaveLength(1);
    expect(core.events[0]).toMatchObject({ kind: "text", text: "报送 MS-03\n完成值：12.5\n状态：正常推进" });
    expect(console.continuing).toBe(false);
  });

  it("sends from the group chat after /join and from the DM after /leave", async () => {
    const core = peer(() => []);
    const console = session(core);
    await console.actAs("办公室");
    // The group by its name, as people call it; the key is what /join takes.
    expect((await console.say("/join minsheng")).at(-1)?.text).toBe(
      "已进入群 省打好重点民生保障仗工作专班，发送 /leave 回到私信。",
    );
    expect(console.prompt()).toBe("示例专班办公室联络人（省人社厅） @ 群 省打好重点民生保障仗工作专班> ");
    await console.say("/bind minsheng");
    expect(core.events.at(-1)).toMatchObject({
      chatId: "group:minsheng",
      chatKind: "group",
      chatTitle: "minsheng",
      kind: "command",
      command: "bind",
      args: "minsheng",
    });
    await console.say("/leave");
    await console.say("/tasks");
    expect(core.events.at(-1)).toMatchObject({ chatId: "dm:c-ms-office", chatKind: "direct", command: "tasks" });
    expect(core.events.at(-1)).not.toHaveProperty("chatTitle");
    expect((await console.say("/join")).at(-1)?.text).toBe("用法：/join 专班编号，例如 /join minsheng");
  });

  it("presses a button when a number follows a message with buttons", async () => {
    const withButtons: Outbound = {
      summary: "请选择",
      blocks: [
        { type: "text", text: "请选择要报送的任务" },
        {
          type: "buttons",
          buttons: [
            { actionId: "report.pick", label: "MS-03", value: "MS-03|2023-01-X2" },
            { actionId: "report.pick", label: "MS-05", value: "MS-05|2023-01-X2" },
          ],
        },
      ],
    };
    const core = peer((event) => (event.kind === "command" ? [withButtons] : [text("好的")]));
    const console = session(core);
    await console.actAs("省人社厅");
    const out = await console.say("/report");
    expect(out.at(-1)?.text).toBe("请选择要报送的任务\n[1] MS-03  [2] MS-05  （回复序号选择）");
    await console.say("5");
    expect(core.events.at(-1)).toMatchObject({ kind: "text", text: "5" });
    await console.say("/report");
    await console.say("２");
    expect(core.events.at(-1)).toMatchObject({ kind: "action", actionId: "report.pick", value: "MS-05|2023-01-X2" });
    // The answer had no buttons: a number is text again.
    await console.say("1");
    expect(core.events.at(-1)).toMatchObject({ kind: "text", text: "1" });
  });

  it("sends /reply as text replying to that bot message", async () => {
    const core = peer();
    const console = session(core);
    await console.actAs("省人社厅");
    const sent = await console.send({ platform: "console", chatId: "dm:c-hrss" }, text("请于今天17:00前报送"));
    await console.say(`/reply ${sent.platformMessageId} 完成值：12.5`);
    expect(core.events.at(-1)).toMatchObject({ kind: "text", text: "完成值：12.5", replyToMessageId: "c1" });
    expect((await console.say("/reply c99 完成值：1")).at(-1)?.text).toBe("没有编号为 c99 的消息。");
    expect((await console.say("/reply c1")).at(-1)?.text).toBe(
      "用法：/reply 消息编号 内容，例如 /reply c3 完成值：12.5",
    );
    expect(core.events).toHaveLength(1);
  });

  it("passes /cancel to the core when no form is open", async () => {
    const core = peer();
    const console = session(core);
    await console.actAs("省人社厅");
    await console.say("/cancel");
    expect(core.events.at(-1)).toMatchObject({ kind: "command", command: "cancel", args: "" });
  });
});

describe("ConsoleSession forms", () => {
  const formMessage: Outbound = { summary: "填报", blocks: [{ type: "form", form: reportForm }] };

  it("asks a form's fields as prompts, then sends a form event with the values", async () => {
    const core = peer((event) => (event.kind === "command" ? [formMessage] : [text("已保存")]));
    const console = session(core);
    await console.actAs("省人社厅");
    const opened = await console.say("/report MS-03");
    expect(opened.filter((e) => e.from === "system").map((e) => e.text)).toEqual([
      "开始填写“MS-03 稳就业”，共 3 项；发送 /cancel 放弃。",
      "（1/3）状态\n  [1] 正常推进\n  [2] 滞后",
    ]);
    expect(console.inForm).toBe(true);
    expect((await console.say("3")).map((e) => e.text)).toEqual([
      "3",
      "请回复 1 到 2 之间的序号。",
      "（1/3）状态\n  [1] 正常推进\n  [2] 滞后",
    ]);
    expect((await console.say("1")).at(-1)?.text).toBe("（2/3）城镇新增就业（万人）");
    expect((await console.say("约十二")).slice(1).map((e) => e.text)).toEqual([
      "请填写数字，例如 12.5。",
      "（2/3）城镇新增就业（万人）",
    ]);
    expect((await console.say("/status")).slice(1).map((e) => e.text)).toEqual([
      "正在填写“MS-03 稳就业”：请回答上面的问题，或发送 /cancel 放弃。",
      "（2/3）城镇新增就业（万人）",
    ]);
    await console.say("12.5");
    const done = await console.say("岗位缺口\\");
    expect(done).toEqual([]);
    const submitted = await console.say("资金不足");
    expect(core.events.at(-1)).toEqual({
      platform: "console",
      userId: "c-hrss",
      userName: "示例联络人（省人社厅）",
      chatId: "dm:c-hrss",
      chatKind: "direct",
      messageId: expect.stringMatching(/^u\d+$/),
      kind: "form",
      formId: "report",
      context: "MS-03|2023-01-X2",
      values: { status: "on_track", value: "12.5", problems: "岗位缺口\n资金不足" },
    });
    expect(submitted.at(-1)).toMatchObject({ from: "bot", text: "已保存" });
    expect(console.inForm).toBe(false);
    expect(core.events.filter((e) => e.kind !== "command")).toHaveLength(1);
  });

  it("abandons the form on /cancel without telling the core", async () => {
    const core = peer((event) => (event.kind === "command" ? [formMessage] : []));
    const console = session(core);
    await console.actAs("省人社厅");
    await console.say("/report");
    await console.say("1");
    expect((await console.say("/cancel")).at(-1)?.text).toBe("已放弃填写“MS-03 稳就业”。");
    expect(console.inForm).toBe(false);
    await console.say("你好");
    expect(core.events.map((e) => e.kind)).toEqual(["command", "text"]);
  });

  it("opens a form the core sends to the chat the user is in, not to another chat", async () => {
    const console = session();
    await console.actAs("省人社厅");
    await console.send({ platform: "console", chatId: "dm:c-ms-office" }, formMessage);
    expect(console.inForm).toBe(false);
    await console.send({ platform: "console", chatId: "dm:c-hrss" }, formMessage);
    expect(console.inForm).toBe(true);
  });
});

describe("ConsoleSession outbound", () => {
  it("puts DMs in the identity's direct stream and group messages in the group stream, numbering them", async () => {
    const console = session();
    const seen: string[] = [];
    console.onOutput((entry) => seen.push(`${entry.stream}:${entry.messageId ?? ""}`));
    const next = console.nextOutput();
    const dm = await console.send({ platform: "console", chatId: "dm:c-hrss" }, text("提醒：MS-03 今天17:00截止"));
    expect(await next).toMatchObject({ stream: "dm", chatId: "dm:c-hrss", text: "提醒：MS-03 今天17:00截止" });
    const group = await console.send({ platform: "console", chatId: "group:minsheng" }, text("旬简报"));
    expect(dm).toEqual({ platformMessageId: "c1", chatId: "dm:c-hrss" });
    expect(group).toEqual({ platformMessageId: "c2", chatId: "group:minsheng" });
    expect(seen).toEqual(["dm:c1", "group:c2"]);
    // The DM's owner is named for the terminal's label even if nobody acted as them.
    expect(console.displayName("c-hrss")).toBe("示例联络人（省人社厅）");
    expect(console.displayName("c-unknown")).toBe("c-unknown");
  });

  it("refuses addresses that are not console chats with a DeliveryError", async () => {
    const console = session();
    await expect(console.send({ platform: "slack", chatId: "C123" }, text("x"))).rejects.toMatchObject({
      name: "DeliveryError",
      kind: "rejected",
    });
    const error = await console.send({ platform: "console", chatId: "C123" }, text("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ kind: "unreachable" });
  });

  it("keeps going when the core fails or is not started", async () => {
    const failing = {
      async handle(): Promise<Reply> {
        throw new Error("数据库断开");
      },
    };
    const console = session(failing as unknown as ReturnType<typeof peer>);
    await console.actAs("省人社厅");
    expect((await console.say("/status")).at(-1)?.text).toBe("处理这条消息时出错：数据库断开");
    await console.stop();
    expect((await console.say("/status")).at(-1)?.text).toBe("机器人还没有启动，消息未发送。");
    const core = peer();
    await console.start(core);
    await console.say("/status");
    expect(core.events).toHaveLength(1);
  });
});
