import { describe, expect, it } from "vitest";

import { directChatId, groupChatId, parseChatId } from "../../adapters/console/addresses.js";
import { choiceNumber, parseConsoleInput } from "../../adapters/console/input.js";

describe("parseConsoleInput", () => {
  it.each([
    ["", { kind: "empty" }],
    ["   ", { kind: "empty" }],
    ["/status", { kind: "command", command: "status", args: "" }],
    ["/status minsheng", { kind: "command", command: "status", args: "minsheng" }],
    ["  /summary 旬 2023-01-X2 ", { kind: "command", command: "summary", args: "旬 2023-01-X2" }],
    ["/帮助", { kind: "command", command: "帮助", args: "" }],
    ["/report\n完成值：12", { kind: "command", command: "report", args: "完成值：12" }],
    ["/cancel", { kind: "cancel" }],
    ["/cancel now", { kind: "command", command: "cancel", args: "now" }],
    ["/as 省人社厅", { kind: "as", query: "省人社厅" }],
    ["/as", { kind: "as", query: "" }],
    ["/join minsheng", { kind: "join", group: "minsheng" }],
    ["/leave", { kind: "leave" }],
    ["/reply c3 完成值：12.5", { kind: "reply", messageId: "c3", text: "完成值：12.5" }],
    ["/reply c3\n完成值：12.5\n问题：无", { kind: "reply", messageId: "c3", text: "完成值：12.5\n问题：无" }],
    ["/reply", { kind: "reply", messageId: "", text: "" }],
    ["报送 MS-03\r\n完成值：12", { kind: "text", text: "报送 MS-03\n完成值：12" }],
    ["a /status", { kind: "text", text: "a /status" }],
  ])("%j", (input, expected) => {
    expect(parseConsoleInput(input)).toEqual(expected);
  });
});

describe("choiceNumber", () => {
  it("reads a bare number, also in full-width digits", () => {
    expect(choiceNumber("2")).toBe(2);
    expect(choiceNumber(" 12 ")).toBe(12);
    expect(choiceNumber("２")).toBe(2);
    expect(choiceNumber("12.5")).toBeNull();
    expect(choiceNumber("2 个")).toBeNull();
  });
});

describe("console chat ids", () => {
  it("round-trip", () => {
    expect(parseChatId(directChatId("c-hrss"))).toEqual({ stream: "dm", chatId: "dm:c-hrss", userId: "c-hrss" });
    expect(parseChatId(groupChatId("minsheng"))).toEqual({
      stream: "group",
      chatId: "group:minsheng",
      group: "minsheng",
    });
    expect(parseChatId("C123")).toBeNull();
    expect(parseChatId("dm:")).toBeNull();
  });
});
