import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z");
let h: ReturnType<typeof basicBot>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
  h = basicBot(db.prisma, clock);
});
afterAll(async () => {
  await db.drop();
});

describe("binding a chat identity with an invite code", () => {
  it("tells an unbound user how to get a code", async () => {
    const reply = await h.bot.handle(event("u-new", { kind: "command", command: "help" }));
    expect(replyText(reply)).toContain("/bind 邀请码");
    const refused = await h.bot.handle(event("u-new", { kind: "text", text: "完成值：12" }));
    expect(replyText(refused)).toContain("还没有绑定身份");
  });

  it("binds with a valid code once; the same code cannot be used again", async () => {
    const code = await h.invite("hrss");
    const ok = await h.bot.handle(event("u-hrss", { kind: "command", command: "bind", args: code.toLowerCase() }));
    // The name once: the example contact's name already carries its unit.
    expect(replyText(ok)).toBe("绑定成功：您现在的身份是 示例联络人（省人社厅）。发送 /tasks 查看您的任务。");
    const again = await h.bot.handle(event("u-other", { kind: "command", command: "/绑定", args: code }));
    expect(replyText(again)).toContain("已经使用过");
    const identity = await db.prisma.chatIdentity.findUnique({
      where: { platform_platformUserId: { platform: "telegram", platformUserId: "u-other" } },
    });
    expect(identity?.contactId).toBeNull();
  });

  it("binds on /start CODE (a Telegram deep link from the invite sheet); a bare /start is the welcome", async () => {
    const code = await h.invite("health");
    const linked = await h.bot.handle(event("u-health", { kind: "command", command: "start", args: code }));
    expect(replyText(linked)).toMatch(/绑定成功.*示例联络人（省卫健委）/);
    const welcome = await h.bot.handle(event("u-visitor", { kind: "command", command: "start" }));
    expect(replyText(welcome)).toContain("/bind 邀请码");
    const wrong = await h.bot.handle(event("u-visitor", { kind: "command", command: "start", args: "ZZZZ-ZZZZ" }));
    expect(replyText(wrong)).not.toContain("绑定成功");
  });

  it("refuses an expired code", async () => {
    const code = await h.invite("edu");
    clock.advance(8 * 24 * 3600 * 1000);
    const reply = await h.bot.handle(event("u-late", { kind: "command", command: "bind", args: code }));
    expect(replyText(reply)).toContain("已过期");
    clock.set("2023-01-16T02:00:00Z");
  });

  it("locks an identity out after 5 wrong codes in 10 minutes, even for a right code", async () => {
    const good = await h.invite("health");
    for (let i = 1; i <= 4; i++) {
      const reply = await h.bot.handle(event("u-guess", { kind: "command", command: "bind", args: "AAAA-AAAA" }));
      expect(replyText(reply)).toContain(`还可尝试 ${5 - i} 次`);
    }
    const fifth = await h.bot.handle(event("u-guess", { kind: "command", command: "bind", args: "not a code" }));
    expect(replyText(fifth)).toContain("错误次数过多");
    const right = await h.bot.handle(event("u-guess", { kind: "command", command: "bind", args: good }));
    expect(replyText(right)).toContain("错误次数过多");
    clock.advance(31 * 60 * 1000);
    const later = await h.bot.handle(event("u-guess", { kind: "command", command: "bind", args: good }));
    expect(replyText(later)).toContain("绑定成功");
    clock.set("2023-01-16T02:00:00Z");
  });

  it("handles a redelivered event once", async () => {
    const code = await h.invite("housing");
    const first = await h.bot.handle(
      event("u-dup", { kind: "command", command: "bind", args: code }, { eventId: "upd-77" }),
    );
    expect(replyText(first)).toContain("绑定成功");
    const redelivered = await h.bot.handle(
      event("u-dup", { kind: "command", command: "bind", args: code }, { eventId: "upd-77" }),
    );
    expect(redelivered.messages).toEqual([]);
  });

  it("lets the office bind a group chat, and refuses a reporter", async () => {
    const reporterCode = await h.invite("transport");
    await h.bot.handle(event("u-transport", { kind: "command", command: "bind", args: reporterCode }));
    const refused = await h.bot.handle(
      event("u-transport", { kind: "command", command: "bind", args: "minsheng" }, { chat: "g-1", group: true }),
    );
    expect(replyText(refused)).toContain("只有该专班的召集人");

    const officeCode = await h.invite(undefined, "c-ms-office");
    await h.bot.handle(event("u-office", { kind: "command", command: "bind", args: officeCode }));
    const bound = await h.bot.handle(
      event("u-office", { kind: "command", command: "bind@zhuanban_bot", args: "" }, { chat: "g-1", group: true }),
    );
    expect(replyText(bound)).toMatch(/^.+已将本群绑定到省打好重点民生保障仗工作专班。今后该专班的简报会发布在这里。$/);
    // Said to the whole chat, so the channel learns it is bound (Slack would otherwise answer ephemerally).
    expect(bound.messages[0]?.ephemeral).toBe(false);
    const channel = await db.prisma.groupChannel.findUnique({
      where: { platform_chatId: { platform: "telegram", chatId: "g-1" } },
      include: { group: true },
    });
    expect(channel?.group.key).toBe("minsheng");
  });

  it("answers an unknown command politely", async () => {
    const reply = await h.bot.handle(event("u-hrss", { kind: "command", command: "frobnicate" }));
    expect(replyText(reply)).toContain("没有 /frobnicate 这个命令");
  });

  it("evaluates at most 5 of 40 wrong codes sent at once from one account", async () => {
    clock.set("2023-02-01T02:00:00Z");
    try {
      const replies = await Promise.all(
        Array.from({ length: 40 }, () =>
          h.bot.handle(event("u-burst", { kind: "command", command: "bind", args: "BBBB-BBBB" })),
        ),
      );
      const identity = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "u-burst" } });
      expect(await db.prisma.bindAttempt.count({ where: { identityId: identity.id } })).toBe(5);
      expect(replies.filter((r) => replyText(r).includes("还可尝试"))).toHaveLength(4);
      expect(replies.filter((r) => replyText(r).includes("错误次数过多"))).toHaveLength(36);
    } finally {
      clock.set("2023-01-16T02:00:00Z");
    }
  });

  it("pauses binding for everyone after 50 wrong codes from many accounts, right codes too", async () => {
    clock.set("2023-03-01T02:00:00Z");
    try {
      const good = await h.invite("edu");
      for (let i = 0; i < 50; i++) {
        const reply = await h.bot.handle(
          event(`u-spray-${i}`, { kind: "command", command: "bind", args: "CCCC-CCCC" }),
        );
        expect(replyText(reply)).toContain("邀请码不正确");
      }
      const paused = await h.bot.handle(event("u-honest", { kind: "command", command: "bind", args: good }));
      expect(replyText(paused)).toContain("绑定已暂停");
      clock.advance(11 * 60 * 1000);
      const later = await h.bot.handle(event("u-honest", { kind: "command", command: "bind", args: good }));
      expect(replyText(later)).toContain("绑定成功");
    } finally {
      clock.set("2023-01-16T02:00:00Z");
    }
  });
});
