import { describe, expect, it } from "vitest";
import { slackCommandSpelling } from "../../adapters/slack/command-spelling.js";
import { renderSlack } from "../../adapters/slack/render.js";

describe("commands in the core's texts, spelled the Slack way", () => {
  it("turns every command the core names into a /zhuanban subcommand", () => {
    expect(slackCommandSpelling("请向专班办公室索取邀请码，然后发送：/bind 邀请码")).toBe(
      "请向专班办公室索取邀请码，然后发送：/zhuanban bind 邀请码",
    );
    expect(slackCommandSpelling("/status [专班或任务编号] 查看本期报送和进度")).toBe(
      "/zhuanban status [专班或任务编号] 查看本期报送和进度",
    );
    expect(slackCommandSpelling("（可先发送 /report 获取），或发送 /help 查看帮助。")).toBe(
      "（可先发送 /zhuanban report 获取），或发送 /zhuanban help 查看帮助。",
    );
  });

  it("leaves paths, URLs, longer words, other bots' commands and unknown commands alone", () => {
    for (const text of [
      "https://example.gov.cn/status",
      "见 docs/report 目录",
      "/statusbar",
      "/status@other_bot",
      "/frobnicate",
      "already /zhuanban status",
    ]) {
      expect(slackCommandSpelling(text)).toBe(text);
    }
  });

  it("applies to the rendered text, fields and fallback, after which mrkdwn is still escaped", () => {
    const [message] = renderSlack({
      summary: "发送 /help",
      blocks: [
        { type: "text", text: "发送 /bind 邀请码 <b>" },
        { type: "fields", fields: [{ label: "下一步", value: "/report MS-03" }] },
      ],
    });
    expect(message!.text).toBe("发送 /zhuanban help");
    const json = JSON.stringify(message!.blocks);
    expect(json).toContain("发送 /zhuanban bind 邀请码 &lt;b&gt;");
    expect(json).toContain("/zhuanban report MS-03");
  });
});
