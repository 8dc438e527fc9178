import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { event } from "../support/bot-harness.js";
import { startWebWorld, type WebWorld } from "../support/web-world.js";

/**
 * The console in a real browser: Debian's chromium (`.ci/run` installs it), driven by
 * playwright-core, which never downloads a browser. Screenshots go to test-output/web/.
 */
const CHROMIUM = process.env.ZHUANBAN_CHROMIUM ?? "/usr/bin/chromium";
const SHOTS = path.resolve("test-output/web");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let world: WebWorld;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  world = await startWebWorld();
  // A report whose text carries HTML: it must show as text.
  await world.bot.handle(
    event("hrss", {
      kind: "text",
      text: "报送 MS-03\n城镇新增就业：12.5万人\n状态：正常推进\n进展：春风行动<script>window.pwned=1</script>\n问题：<b>返乡</b>人员就业压力大\n需协调事项：请财政厅加快资金拨付",
    }),
  );
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Opens a sign-in link and presses its button; the status of the page that follows. */
async function pressSignIn(page: Page, link: string): Promise<number | undefined> {
  await page.goto(link.replace(/^https?:\/\/[^/]+/, world.baseUrl));
  const [response] = await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]")]);
  return response?.status();
}

/** A fresh browser signed in through a real one-time link from /web. */
async function signedIn(
  user: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: "zh-CN", acceptDownloads: true });
  const page = await context.newPage();
  const link = await world.linkFor(user);
  expect(await pressSignIn(page, link)).toBe(200);
  expect(new URL(page.url()).pathname).toBe("/");
  return { context, page };
}

/** axe-core run inside the page: no serious or critical violation. */
async function accessible(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } })
      .axe;
    const result = await axe.run();
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
  });
  expect(violations).toEqual([]);
}

const count = async (page: Page, name: string) =>
  Number(await page.locator(`[data-count="${name}"]`).first().textContent());

// A real browser on a loaded machine: pages, screenshots and axe runs take seconds each.
describe("the web console in a browser", { timeout: 240_000 }, () => {
  it("walks every page as the convenor; the 专班 counts are /status's; actions and a .docx download work", async () => {
    const { context, page } = await signedIn("boss");
    await expect(page.locator("h1").textContent()).resolves.toBe("总览");
    await page.screenshot({ path: path.join(SHOTS, "overview.png"), fullPage: true });
    await accessible(page);

    await page.click("text=省打好重点民生保障仗工作专班");
    expect(new URL(page.url()).pathname).toBe("/g/minsheng");
    // The same evaluation as chat /status: its fields, number for number.
    const status = await world.bot.handle(event("boss", { kind: "command", command: "status" }));
    const fields = status.messages.flatMap((m) => m.blocks).find((b) => b.type === "fields");
    const value = (label: string) =>
      Number(fields && "fields" in fields ? fields.fields.find((f) => f.label === label)?.value : NaN);
    expect(await count(page, "expected")).toBe(value("应报"));
    expect(await count(page, "onTime")).toBe(value("按时报送"));
    expect(await count(page, "late")).toBe(value("补报"));
    expect(await count(page, "missing")).toBe(value("逾期未报"));
    expect(await count(page, "pending")).toBe(value("尚未报送"));
    expect(value("按时报送")).toBe(1);
    // User-written HTML is text, and no script ran.
    await expect(page.locator("#problems + ul").textContent()).resolves.toContain("<b>返乡</b>人员就业压力大");
    await page.screenshot({ path: path.join(SHOTS, "group.png"), fullPage: true });
    await accessible(page);

    // Filter by MS-03's light: every row left has that light, and MS-03 is among them.
    const all = await page.locator("tbody tr[data-task]").count();
    const light = (await page.locator("tr[data-task='MS-03'] .light").getAttribute("class"))!.replace(
      "light light-",
      "",
    );
    await page.selectOption("select[name=light]", light);
    await page.click("form.filters button");
    const rows = await page
      .locator("tbody tr[data-task]")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-task")));
    expect(rows).toContain("MS-03");
    expect(rows.length).toBeLessThanOrEqual(all);
    const lights = await page.locator("tbody tr[data-task] .light").evaluateAll((els) => els.map((e) => e.className));
    expect(new Set(lights)).toEqual(new Set([`light light-${light}`]));
    // A light no task has this period leaves an empty list, said in words.
    await page.selectOption("select[name=light]", "done");
    await page.click("form.filters button");
    expect(await page.locator("tbody tr[data-task]").count()).toBe(0);
    await expect(page.locator("#shown").textContent()).resolves.toContain("共 0 项");

    await page.goto(`${world.baseUrl}/g/minsheng/t/MS-03`);
    await expect(page.locator("main").textContent()).resolves.toContain("春风行动<script>window.pwned=1</script>");
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator("main script").count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "task.png"), fullPage: true });
    await accessible(page);

    await page.click("main a[href='/u/hrss']");
    await expect(page.locator("h1").textContent()).resolves.toBe("省人力资源社会保障厅");
    await page.screenshot({ path: path.join(SHOTS, "unit.png"), fullPage: true });
    await accessible(page);

    // Build the digest now (an action, CSRF token in the form), then open it and download its .docx.
    await page.goto(`${world.baseUrl}/g/minsheng`);
    await page.click("text=立即生成简报");
    expect(new URL(page.url()).pathname).toBe("/g/minsheng/digests");
    await page.click("tbody a[href^='/digests/']");
    await expect(page.locator("h1").textContent()).resolves.toContain("2023年1月上旬工作推进情况");
    await page.screenshot({ path: path.join(SHOTS, "digest.png"), fullPage: true });
    await accessible(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a[href$='file.docx']")]);
    expect(download.suggestedFilename()).toMatch(/^minsheng-2023-01-X1-v1\.docx$/);
    const file = await download.path();
    expect(readFileSync(file).subarray(0, 2).toString()).toBe("PK");
    expect(await world.db.prisma.auditLog.count({ where: { action: "web.digest" } })).toBe(1);

    // 送达 is the office's: the convenor gets 403.
    const delivery = await page.goto(`${world.baseUrl}/g/minsheng/delivery`);
    expect(delivery?.status()).toBe(403);

    // On a phone the page still fits (no horizontal scroll of the body).
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${world.baseUrl}/g/minsheng`);
    expect(await page.evaluate("document.body.scrollWidth <= window.innerWidth + 1")).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "group-phone.png") });
    // Signing out ends the session.
    await page.click("text=退出登录");
    expect((await page.goto(`${world.baseUrl}/`))?.status()).toBe(401);
    await context.close();
  });

  it("shows the office 送达 with a failed message it can retry", async () => {
    const group = await world.db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
    const contact = await world.db.prisma.contact.findUniqueOrThrow({ where: { key: "c-ms-convenor" } });
    const failed = await world.db.prisma.outboxMessage.create({
      data: {
        dedupeKey: "browser-test-failed",
        kind: "reminder",
        stage: "due-day",
        groupId: group.id,
        recipientContactId: contact.id,
        platform: "telegram",
        address: "dm-boss",
        payload: { blocks: [], summary: "" },
        dueAt: world.clock.now(),
        nextAttemptAt: new Date("9999-12-31T00:00:00Z"),
        state: "failed",
        attempts: 5,
        lastError: "HTTP 502 <html>",
      },
    });
    const { context, page } = await signedIn("office");
    await page.goto(`${world.baseUrl}/g/minsheng/delivery`);
    await expect(page.locator(`tr[data-outbox="${failed.id}"]`).textContent()).resolves.toContain("HTTP 502 <html>");
    await page.screenshot({ path: path.join(SHOTS, "delivery.png"), fullPage: true });
    await accessible(page);
    await page.click(`tr[data-outbox="${failed.id}"] button`);
    await expect(page.locator(".notice").textContent()).resolves.toContain("已重新排队发送");
    const row = await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: failed.id } });
    expect(row.state).toBe("pending");
    expect(await world.db.prisma.auditLog.count({ where: { action: "web.retry", entityId: failed.id } })).toBe(1);
    await page.goto(`${world.baseUrl}/sessions`);
    await page.screenshot({ path: path.join(SHOTS, "sessions.png"), fullPage: true });
    await accessible(page);
    await context.close();
  });

  it("shows a contact their own units only: another unit's page is 403", async () => {
    const { context, page } = await signedIn("hrss");
    await page.goto(`${world.baseUrl}/g/minsheng`);
    const tasks = await page
      .locator("tbody tr[data-task]")
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-task")));
    expect(tasks).toContain("MS-03");
    expect(tasks).not.toContain("MS-01");
    // Their counts are their /status's.
    const status = await world.bot.handle(event("hrss", { kind: "command", command: "status" }));
    const fields = status.messages.flatMap((m) => m.blocks).find((b) => b.type === "fields");
    const expected = fields && "fields" in fields ? fields.fields.find((f) => f.label === "应报")?.value : null;
    expect(String(await count(page, "expected"))).toBe(expected);
    await page.screenshot({ path: path.join(SHOTS, "group-contact.png"), fullPage: true });
    expect((await page.goto(`${world.baseUrl}/u/edu`))?.status()).toBe(403);
    await expect(page.locator("h1").textContent()).resolves.toBe("您没有权限查看这个页面。");
    expect((await page.goto(`${world.baseUrl}/g/minsheng/t/MS-01`))?.status()).toBe(403);
    await context.close();
  });

  it("refuses an expired link and a link used twice", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const link = await world.linkFor("edu");
    expect(await pressSignIn(page, link)).toBe(200);
    await page.context().clearCookies();
    expect(await pressSignIn(page, link)).toBe(410);
    await expect(page.locator("main").textContent()).resolves.toContain("已经使用过");

    const late = await world.linkFor("edu");
    world.clock.advance(11 * 60 * 1000);
    try {
      expect(await pressSignIn(page, late)).toBe(410);
      await expect(page.locator("main").textContent()).resolves.toContain("已过期");
      await page.screenshot({ path: path.join(SHOTS, "signin-expired.png") });
    } finally {
      world.clock.advance(-11 * 60 * 1000);
    }
    await context.close();
  });

  it("prints the 专班 page without the navigation and forms", async () => {
    const { context, page } = await signedIn("boss");
    await page.goto(`${world.baseUrl}/g/minsheng`);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.top").isVisible()).toBe(false);
    expect(await page.locator("form.filters").isVisible()).toBe(false);
    expect(await page.locator("table").first().isVisible()).toBe(true);
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await context.close();
  });
});
