import { afterEach, describe, expect, it } from "vitest";
import { argString } from "../fakes/slack/fake-slack-api.js";
import { manualClock } from "../support/bot-harness.js";
import { answerAt, blockText, slash, startSlackWorld, USERS, type SlackWorld } from "./slack-harness.js";

// SLACK_BIND_BY_EMAIL: a Slack user not bound yet is bound to the roster contact whose e-mail
// Slack vouches for (users.info with users:read.email), through the real adapter, core and
// database against the fake Slack API.

const clock = manualClock("2023-01-18T02:00:00Z");
let world: SlackWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** As a roster import leaves them: real (not example) contacts with an e-mail. */
async function rosterEmail(w: SlackWorld, contactKey: string, email: string): Promise<void> {
  await w.db.prisma.contact.update({ where: { key: contactKey }, data: { email, isExample: false } });
}

async function boundContactKey(w: SlackWorld, userId: string): Promise<string | null> {
  const identity = await w.db.prisma.chatIdentity.findFirst({
    where: { platform: "slack", platformUserId: userId },
    select: { contact: { select: { key: true } } },
  });
  return identity?.contact?.key ?? null;
}

async function ask(w: SlackWorld, userId: string, text: string): Promise<string> {
  const sent = await slash(w, userId, text);
  const answer = await answerAt(w, sent.responseUrl);
  return [argString(answer, "text") ?? "", blockText(answer.args.blocks)].join("\n");
}

const HRSS_EMAIL = "zhang.wei@hrss.hunan.example";

describe("Slack binding by e-mail", () => {
  it("binds a newcomer to the contact with their e-mail and answers their command as that contact", async () => {
    world = await startSlackWorld(clock, {
      bindByEmail: true,
      prepare: (fake) => fake.addUser({ ...USERS.hrss, email: HRSS_EMAIL }),
    });
    // The roster's spelling differs in case: e-mail addresses are matched case-insensitively.
    await rosterEmail(world, "c-hrss", "Zhang.Wei@HRSS.hunan.example");

    const text = await ask(world, USERS.hrss.id, "tasks");
    expect(text).toContain(`已按您的邮箱 ${HRSS_EMAIL} 自动绑定`);
    // The name once: not 示例联络人（省人社厅）（省人力资源社会保障厅）.
    expect(text).toContain("您现在的身份是 示例联络人（省人社厅）。");
    expect(text).not.toContain("您还没有绑定身份");
    expect(await boundContactKey(world, USERS.hrss.id)).toBe("c-hrss");
    const audit = await world.db.prisma.auditLog.findFirst({ where: { action: "identity.bound" } });
    expect(audit?.details).toEqual({ by: "email" });

    // Bound now: the next command is answered without a second notice.
    expect(await ask(world, USERS.hrss.id, "tasks")).not.toContain("自动绑定");
  });

  it("binds nobody when no contact has the e-mail, and says to use an invite code", async () => {
    world = await startSlackWorld(clock, {
      bindByEmail: true,
      prepare: (fake) => fake.addUser({ ...USERS.hrss, email: "someone.else@example.org" }),
    });
    await rosterEmail(world, "c-hrss", HRSS_EMAIL);

    const text = await ask(world, USERS.hrss.id, "tasks");
    expect(text).toContain("someone.else@example.org 与名册中的联络人都对不上");
    expect(text).toContain("/zhuanban bind 邀请码");
    expect(await boundContactKey(world, USERS.hrss.id)).toBeNull();
  });

  it("binds nobody when two contacts share the e-mail", async () => {
    world = await startSlackWorld(clock, {
      bindByEmail: true,
      prepare: (fake) => fake.addUser({ ...USERS.hrss, email: HRSS_EMAIL }),
    });
    await rosterEmail(world, "c-hrss", HRSS_EMAIL);
    await rosterEmail(world, "c-ms-office", HRSS_EMAIL);

    const text = await ask(world, USERS.hrss.id, "tasks");
    expect(text).toContain(`名册中有多位联络人登记了邮箱 ${HRSS_EMAIL}`);
    expect(text).toContain("/zhuanban bind 邀请码");
    expect(await boundContactKey(world, USERS.hrss.id)).toBeNull();
  });

  it("does not bind example contacts, which are placeholders", async () => {
    world = await startSlackWorld(clock, {
      bindByEmail: true,
      prepare: (fake) => fake.addUser({ ...USERS.hrss, email: HRSS_EMAIL }),
    });
    await world.db.prisma.contact.update({ where: { key: "c-hrss" }, data: { email: HRSS_EMAIL } });

    expect(await ask(world, USERS.hrss.id, "tasks")).toContain("对不上");
    expect(await boundContactKey(world, USERS.hrss.id)).toBeNull();
  });

  it("binds nobody by e-mail without the setting", async () => {
    world = await startSlackWorld(clock, {
      prepare: (fake) => fake.addUser({ ...USERS.hrss, email: HRSS_EMAIL }),
    });
    await rosterEmail(world, "c-hrss", HRSS_EMAIL);

    const text = await ask(world, USERS.hrss.id, "tasks");
    expect(text).toContain("您还没有绑定身份");
    expect(await boundContactKey(world, USERS.hrss.id)).toBeNull();
  });

  it("turns itself off at start, saying which scope is missing, when the app lacks users:read.email", async () => {
    world = await startSlackWorld(clock, {
      bindByEmail: true,
      prepare: (fake) => {
        fake.addUser({ ...USERS.hrss, email: HRSS_EMAIL });
        fake.revokeScope("users:read.email");
      },
    });
    await rosterEmail(world, "c-hrss", HRSS_EMAIL);
    const logged = world.log.lines.find((l) => l.level === "error");
    expect(logged?.message).toContain("users:read.email");

    const text = await ask(world, USERS.hrss.id, "tasks");
    expect(text).toContain("您还没有绑定身份");
    expect(await boundContactKey(world, USERS.hrss.id)).toBeNull();
  });
});

describe("the fake Slack API's users.lookupByEmail and users.info e-mail, as Slack answers them", () => {
  it("finds a user by e-mail, answers users_not_found otherwise, and missing_scope without users:read.email", async () => {
    const { FakeSlackApi } = await import("../fakes/slack/fake-slack-api.js");
    const { webApi } = await import("@slack/bolt");
    const fake = await FakeSlackApi.start();
    try {
      fake.addUser({ ...USERS.hrss, email: HRSS_EMAIL });
      const client = new webApi.WebClient(fake.token, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
      const found = await client.users.lookupByEmail({ email: HRSS_EMAIL.toUpperCase() });
      expect(found.user?.id).toBe(USERS.hrss.id);
      expect(found.user?.profile?.email).toBe(HRSS_EMAIL);
      await expect(client.users.lookupByEmail({ email: "nobody@example.org" })).rejects.toMatchObject({
        data: { ok: false, error: "users_not_found" },
      });

      fake.revokeScope("users:read.email");
      await expect(client.users.lookupByEmail({ email: HRSS_EMAIL })).rejects.toMatchObject({
        data: { ok: false, error: "missing_scope", needed: "users:read.email" },
      });
      // users.info still answers, without the e-mail (Slack says nothing about the missing scope).
      const info = await client.users.info({ user: USERS.hrss.id });
      expect(info.user?.profile?.email).toBeUndefined();
      expect(info.user?.id).toBe(USERS.hrss.id);
    } finally {
      await fake.close();
    }
  });
});
