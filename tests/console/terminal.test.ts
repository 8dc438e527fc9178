import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";

import { createConsoleAdapter } from "../../adapters/console/index.js";
import type { ConsoleIdentity } from "../../adapters/console/types.js";
import type { InboundEvent, Reply } from "../../src/core/chat/inbound.js";

const HRSS: ConsoleIdentity = { userId: "c-hrss", name: "示例联络人（省人社厅）" };

function terminal(options: { joinPastedLines?: boolean } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  const events: InboundEvent[] = [];
  const core = {
    async handle(event: InboundEvent): Promise<Reply> {
      events.push(event);
      const body = event.kind === "text" ? `收到 ${event.text.split("\n").length} 行` : "好的";
      return { messages: [{ blocks: [{ type: "text", text: body }], summary: body }] };
    },
  };
  let exited: () => void = () => undefined;
  const exit = new Promise<void>((resolve) => (exited = resolve));
  const adapter = createConsoleAdapter({
    locale: "zh-CN",
    resolveIdentity: async (query) => (query === "省人社厅" ? HRSS : null),
    resolveGroupName: async (key) => (key === "minsheng" ? "省打好重点民生保障仗工作专班" : null),
    actAs: "省人社厅",
    input,
    output,
    color: false,
    onExit: () => exited(),
    ...options,
  });
  return { adapter, core, input, events, exit, printed: () => printed };
}

describe("console terminal", () => {
  it("prints the banner, the prompt and labelled streams", async () => {
    const t = terminal();
    await t.adapter.start(t.core);
    expect(t.printed()).toContain("控制台聊天。/as 单位或联络人 切换身份");
    expect(t.printed()).toContain("[控制台] 现在您的身份是 示例联络人（省人社厅）。");

    const reply = t.adapter.session.nextOutput();
    t.input.write("/tasks\n");
    await reply;
    // Piped input is not echoed by a terminal: the adapter writes it out after the prompt.
    expect(t.printed()).toContain("示例联络人（省人社厅） @ 私信> /tasks\n");
    expect(t.events.at(-1)).toMatchObject({ kind: "command", command: "tasks", chatId: "dm:c-hrss" });
    expect(t.printed()).toContain("[私信 → 示例联络人（省人社厅）] #c1\n好的\n");

    await t.adapter.send({ platform: "console", chatId: "group:minsheng" }, { blocks: [], summary: "旬简报已发布" });
    // A group chat by its group's name, never its key.
    expect(t.printed()).toContain("[群 省打好重点民生保障仗工作专班] #c2\n旬简报已发布\n");
    expect(t.printed()).not.toContain("群 minsheng");
    // A group the store does not know keeps its key.
    await t.adapter.send({ platform: "console", chatId: "group:nosuch" }, { blocks: [], summary: "x" });
    expect(t.printed()).toContain("[群 nosuch] #c3\n");
    await t.adapter.stop();
  });

  it("takes lines pasted together as one message", async () => {
    const t = terminal({ joinPastedLines: true });
    await t.adapter.start(t.core);
    const reply = t.adapter.session.nextOutput();
    t.input.write("报送 MS-03 2023年1月中旬\n完成值：12.5\n问题：无\n");
    expect((await reply).text).toBe("收到 3 行");
    expect(t.events).toHaveLength(1);
    await t.adapter.stop();
  });

  it("reads piped input line by line and answers the last line before it reports the end of input", async () => {
    const t = terminal();
    await t.adapter.start(t.core);
    t.input.end("/help\n报送 MS-03\\\n完成值：12.5\n/tasks\n");
    await t.exit;
    expect(t.events.map((e) => e.kind)).toEqual(["command", "text", "command"]);
    expect(t.events[1]).toMatchObject({ text: "报送 MS-03\n完成值：12.5" });
    expect(t.adapter.session.transcript().at(-1)).toMatchObject({ from: "bot", text: "好的" });
    await t.adapter.stop();
  });
});
