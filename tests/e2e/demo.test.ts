// `npm run demo` (scripts/demo-play.ts) as a newcomer watches it: every message carries its
// simulated time, most units report, the refused report is corrected, the units without a
// contact are explained before they are chased and escalated, and it ends on the digest and
// the escalation, not on a dangling "▶ 模拟时间 …".

import { describe, expect, it } from "vitest";
import { runDemo } from "../../scripts/demo-play.js";

describe("the demo", () => {
  it("plays one 旬 a reader can follow", async () => {
    let text = "";
    await runDemo({ write: (chunk) => (text += chunk), speed: 14_400 });
    const lines = text.split("\n");
    const first = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    const last = (pattern: RegExp) => lines.findLastIndex((l) => pattern.test(l));

    // Every message of the bot says when it came.
    expect(lines.filter((l) => /^\[(私信|群) /.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\[\d+月\d+日 \d\d:\d\d 私信 → /.test(l)).length).toBeGreaterThan(10);
    // The group channel by its group's name.
    expect(first(/^\[\d+月\d+日 \d\d:\d\d 群 省打好重点民生保障仗工作专班\] #c\d+$/)).toBeGreaterThan(0);

    // Most units report; the refused report is corrected.
    expect(lines.filter((l) => l.startsWith("【已保存：")).length).toBeGreaterThanOrEqual(9);
    const refused = first(/^报送没有保存/);
    expect(refused).toBeGreaterThan(0);
    expect(first(/^【已保存：MS-13 /)).toBeGreaterThan(refused);

    // Units without a contact: said at the start, and by /chase, before any escalation.
    const explained = first(/联络人还没有绑定.*机器人无法提醒他们/);
    const chased = first(/联络人尚未绑定聊天账号/);
    const escalated = first(/^【省打好重点民生保障仗工作专班：2023年3月中旬未报单位】$/);
    expect(explained).toBeGreaterThan(0);
    expect(chased).toBeGreaterThan(explained);
    expect(escalated).toBeGreaterThan(chased);

    // It ends on the digest and the escalation, then the closing line; no dangling time marker.
    const digest = first(/^【省打好重点民生保障仗工作专班 2023年3月中旬 旬简报】$/);
    expect(digest).toBeGreaterThan(last(/^▶ 模拟时间/));
    expect(lines.filter((l) => l.trim() !== "").at(-1)).toBe("▶ 演示结束。npm start 打开控制台，可以自己试。");
  }, 600_000);
});
