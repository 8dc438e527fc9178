import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event } from "../support/bot-harness.js";
import { startWebWorld, type WebWorld } from "../support/web-world.js";

let world: WebWorld;

beforeAll(async () => {
  world = await startWebWorld({ publicUrl: () => "https://zb.example.gov.cn" });
});
afterAll(async () => {
  await world?.close();
});

/**
 * Opens a link on the local server (its base is the public https URL) and presses its sign-in
 * button: the GET shows the button, the POST signs in.
 */
async function open(link: string, headers: Record<string, string> = {}) {
  const url = new URL(link);
  const shown = await fetch(`${world.baseUrl}${url.pathname}${url.search}`, { headers });
  expect(shown.status).toBe(200);
  return fetch(`${world.baseUrl}${url.pathname}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: `token=${encodeURIComponent(url.searchParams.get("token") ?? "")}`,
    redirect: "manual",
  });
}

async function signIn(user: string): Promise<string> {
  const response = await open(await world.linkFor(user));
  expect(response.status).toBe(303);
  const cookie = response.headers.get("set-cookie") ?? "";
  return cookie.split(";")[0]!;
}

describe("the web console over HTTP", () => {
  it("does not sign in on a GET of the link (a chat app's link preview), only on its button", async () => {
    const link = await world.linkFor("boss");
    const url = new URL(link);
    const preview = await fetch(`${world.baseUrl}${url.pathname}${url.search}`);
    expect(preview.headers.get("set-cookie")).toBeNull();
    expect(await preview.text()).toMatch(/<form method="post"[^>]*>[\s\S]*<button[^>]*>\s*登录\s*<\/button>/);
    expect((await open(link)).status).toBe(303);
  });

  it("sends /web links in private chat only, with the public URL as their base", async () => {
    expect(await world.linkFor("boss")).toMatch(/^https:\/\/zb\.example\.gov\.cn\/web\/signin\?token=[\w-]{43}$/);
    const reply = await world.bot.handle(
      event("boss", { kind: "command", command: "网页" }, { group: true, chat: "g1" }),
    );
    expect(JSON.stringify(reply)).toContain("私聊");
    expect(JSON.stringify(reply)).not.toContain("token=");
  });

  it("starts a 12-hour HttpOnly, SameSite=Lax, Secure session (the public URL is https) and sends the user to the overview", async () => {
    const response = await open(await world.linkFor("boss"));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^zb_session=[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Max-Age=43200");
  });

  it("answers every page with a CSP that allows no script, and asks for sign-in without a session", async () => {
    const response = await fetch(`${world.baseUrl}/g/minsheng`);
    expect(response.status).toBe(401);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(csp).not.toContain("unsafe-inline");
    expect(await response.text()).toContain("/web");
  });

  it("refuses a POST without the session's CSRF token and changes nothing", async () => {
    const cookie = await signIn("boss");
    const before = await world.db.prisma.auditLog.count({ where: { action: "web.chase" } });
    const response = await fetch(`${world.baseUrl}/g/minsheng/chase`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "csrf=wrong",
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(await world.db.prisma.auditLog.count({ where: { action: "web.chase" } })).toBe(before);
  });

  it("runs 催报 from the form with its CSRF token, through the chat's use case, audited", async () => {
    const cookie = await signIn("boss");
    const page = await (await fetch(`${world.baseUrl}/g/minsheng`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const response = await fetch(`${world.baseUrl}/g/minsheng/chase`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${encodeURIComponent(csrf)}`,
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    const audit = await world.db.prisma.auditLog.findFirst({ where: { action: "web.chase" } });
    expect(audit).toMatchObject({ actor: "web" });
    const chased = await world.db.prisma.outboxMessage.count({ where: { stage: { startsWith: "manual-" } } });
    expect(chased).toBeGreaterThan(0);
  });

  it("refuses a contact the actions and the other units' pages (403)", async () => {
    const cookie = await signIn("hrss");
    const page = await (await fetch(`${world.baseUrl}/g/minsheng`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
    const chase = await fetch(`${world.baseUrl}/g/minsheng/chase`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: `csrf=${encodeURIComponent(csrf)}`,
      redirect: "manual",
    });
    expect(chase.status).toBe(403);
    for (const path of [
      "/u/edu",
      "/g/minsheng/digests",
      "/g/minsheng/delivery",
      "/g/minsheng/t/MS-01",
      "/sessions",
      "/g/jingji",
    ]) {
      const response = await fetch(`${world.baseUrl}${path}`, { headers: { cookie } });
      expect([path, response.status]).toEqual([path, 403]);
    }
    expect((await fetch(`${world.baseUrl}/u/hrss`, { headers: { cookie } })).status).toBe(200);
  });

  it("rate-limits sign-in attempts from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const response = await open(`${world.baseUrl}/web/signin?token=${"x".repeat(43)}`, {
        "x-forwarded-for": "203.0.113.9",
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 410)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("lists live sessions for the office, which can revoke one; a revoked session is signed out", async () => {
    const victim = await signIn("hrss");
    expect((await fetch(`${world.baseUrl}/`, { headers: { cookie: victim } })).status).toBe(200);
    const office = await signIn("office");
    const list = await (await fetch(`${world.baseUrl}/sessions`, { headers: { cookie: office } })).text();
    expect(list).toContain("示例联络人");
    const csrf = /name="csrf" value="([^"]+)"/.exec(list)?.[1] ?? "";
    const sessions = await world.db.prisma.webSession.findMany({
      where: { revokedAt: null, contact: { unitRoles: { some: { unit: { key: "hrss" } } } } },
    });
    for (const s of sessions) {
      const response = await fetch(`${world.baseUrl}/sessions/${s.id}/revoke`, {
        method: "POST",
        headers: { cookie: office, "content-type": "application/x-www-form-urlencoded" },
        body: `csrf=${encodeURIComponent(csrf)}`,
        redirect: "manual",
      });
      expect(response.status).toBe(303);
    }
    expect((await fetch(`${world.baseUrl}/`, { headers: { cookie: victim } })).status).toBe(401);
  });

  it("never writes a link, session or CSRF token to the logs", async () => {
    const link = await world.linkFor("boss");
    const token = new URL(link).searchParams.get("token")!;
    const cookie = await signIn("boss");
    await fetch(`${world.baseUrl}/nope`, { headers: { cookie } });
    const text = world.logText();
    expect(text).toContain("web sign-in");
    expect(text).not.toContain(token);
    expect(text).not.toContain(cookie.split("=")[1]);
    const rows = await world.db.prisma.webLink.findMany();
    expect(rows.every((r) => !JSON.stringify(r).includes(token))).toBe(true);
  });
});

describe("the web console outside the plan's dates", () => {
  const get = async (path: string, cookie: string) => {
    const response = await fetch(`${world.baseUrl}${path}`, { headers: { cookie } });
    return { status: response.status, text: await response.text() };
  };
  // Signed in from an address of their own: the sign-ins above used up most of 127.0.0.1's limit.
  const signInFrom = async (user: string) => {
    const response = await open(await world.linkFor(user), { "x-forwarded-for": "203.0.113.20" });
    expect(response.status).toBe(303);
    return (response.headers.get("set-cookie") ?? "").split(";")[0]!;
  };
  const outside = "2026-03-02不在本专班的计划期内（2023-01-01 至 2023-12-31）";
  let boss = "";
  let hrss = "";

  beforeAll(async () => {
    // A report in January 2023, then the clock moves to March 2026: the 2023 plan is over.
    await world.bot.handle(
      event("hrss", { kind: "text", text: "报送 MS-03\n城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动" }),
    );
    world.clock.set("2026-03-02T02:00:00Z");
    boss = await signInFrom("boss");
    hrss = await signInFrom("hrss");
  });
  afterAll(() => world.clock.set("2023-01-16T02:00:00Z"));

  it("says a 2023 plan viewed in 2026 is outside its dates, with /status's words, instead of showing empty figures", async () => {
    for (const path of ["/", "/g/minsheng", "/u/hrss", "/g/minsheng/schedule"]) {
      const page = await get(path, boss);
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain(outside);
      expect(page.text, path).toContain('data-plan="after"');
      // A chat command means nothing on a web page: the task list links to each history instead.
      expect(page.text, path).not.toContain("/status");
    }
    // No period figures that would read as "nobody reported".
    expect((await get("/g/minsheng", boss)).text).not.toContain("data-count=");
    expect((await get("/u/hrss", boss)).text).not.toContain('id="timeliness"');
    // The chat refuses with the same words.
    const chat = await world.bot.handle(event("boss", { kind: "command", command: "status" }));
    expect(JSON.stringify(chat)).toContain(outside);
    // A contact is told the same on their own pages.
    expect((await get("/g/minsheng", hrss)).text).toContain(outside);
    expect((await get("/u/hrss", hrss)).text).toContain(outside);
  });

  it("shows a task after its end date as of its last period, saying so; an unknown task is 404", async () => {
    const page = await get("/g/minsheng/t/MS-03", boss);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-out-of-dates="1"');
    expect(page.text).toContain(
      "本任务的执行期为 2023-01-01 至 2023-12-31，今天不在执行期内；以下为其 2023年12月下旬 的情况。",
    );
    // Its reports and its year's trend are still there.
    expect(page.text).toContain("春风行动");
    expect(page.text).toMatch(/<svg class="chart" role="img" aria-label="[^"]*1月中旬 12\.5/);
    expect((await get("/g/minsheng/t/MS-03", hrss)).status).toBe(200);
    expect((await get("/g/minsheng/t/MS-01", hrss)).status).toBe(403);
    expect((await get("/g/minsheng/t/MS-99", boss)).status).toBe(404);
  });
});
