import JSZip from "jszip";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planWindow } from "../../src/core/plan/plan-window.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { createPlanStore } from "../../src/store/plan-store.js";
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
    expect(await count(page, "missing")).toBe(value("未报"));
    expect(await count(page, "pending")).toBe(value("待报"));
    expect(value("按时报送")).toBe(1);
    // Inside the plan's dates: figures, and no outside-the-plan notice.
    expect(await page.locator(".plan-outside").count()).toBe(0);
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
    expect(await page.locator("[data-out-of-dates]").count()).toBe(0);
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
    // The same 简报 as `zhuanban summary` writes: its number and the closing block are there.
    const documentXml = await (await JSZip.loadAsync(readFileSync(file))).file("word/document.xml")!.async("string");
    expect(documentXml).toMatch(/>第\d+期</);
    expect(documentXml).toContain("抄送");
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

  it("shows the 日程 of the next 30 days: the scheduler's plan, 春节 and its 调休 Saturday marked", async () => {
    // The world's clock: 2023-01-16 10:00 China time. 春节 2023 is 1月21日-27日 off, and Saturday
    // 1月28日 a 调休 working day; the 1月中旬 deadline and its chase fall before them.
    const plan = (
      await planWindow(
        { plan: createPlanStore(world.db.prisma), calendar: createWorkCalendar() },
        { from: world.clock.now(), to: new Date(world.clock.now().getTime() + 30 * 86_400_000) },
      )
    ).filter((i) => i.group === "minsheng");
    const hrss = await world.db.prisma.unit.findUniqueOrThrow({ where: { key: "hrss" } });
    const duties = async (page: Page, kind: string) =>
      (await page.locator(`li.entry[data-kind="${kind}"]`).allTextContents())
        .map((text) => Number(/（(\d+) 项）/.exec(text)?.[1] ?? 0))
        .reduce((a, b) => a + b, 0);

    const { context, page } = await signedIn("boss");
    await page.goto(`${world.baseUrl}/g/minsheng`);
    await page.click("nav.sub >> text=日程");
    expect(new URL(page.url()).pathname).toBe("/g/minsheng/schedule");
    expect(await page.locator("li.day").count()).toBe(30);
    await expect(page.locator("li.day").first().getAttribute("data-date")).resolves.toBe("2023-01-16");
    const holiday = page.locator('li.day[data-date="2023-01-23"]');
    await expect(holiday.getAttribute("data-kind")).resolves.toBe("holiday");
    await expect(holiday.locator(".day-kind").textContent()).resolves.toContain("节假日");
    const makeUp = page.locator('li.day[data-date="2023-01-28"]');
    await expect(makeUp.getAttribute("data-kind")).resolves.toBe("makeUpWorkday");
    await expect(makeUp.locator(".day-kind").textContent()).resolves.toContain("调休上班");
    await expect(page.locator('li.day[data-date="2023-02-04"]').getAttribute("data-kind")).resolves.toBe("weekend");
    // Every kind of step is there, and the page's figures are the scheduler's plan, item for item.
    for (const kind of ["deadline", "reminder", "chase", "escalation", "digest"])
      expect(await page.locator(`li.entry[data-kind="${kind}"]`).count(), kind).toBeGreaterThan(0);
    expect(await duties(page, "chase")).toBe(plan.filter((i) => i.kind === "chase").length);
    expect(await duties(page, "reminder")).toBe(plan.filter((i) => i.kind === "reminder").length);
    expect(await page.locator(`li.entry[data-kind="digest"]`).count()).toBe(
      plan.filter((i) => i.kind === "digest").length,
    );
    const dues = [...new Set(plan.map((i) => i.dueAt.toISOString()))];
    const shownDues = await page
      .locator('li.entry[data-kind="deadline"] time')
      .evaluateAll((els) => els.map((e) => e.getAttribute("datetime")));
    expect(shownDues.every((d) => dues.includes(d!))).toBe(true);
    expect(await page.locator("main script").count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "schedule.png"), fullPage: true });
    await accessible(page);
    // Printed on A4: the calendar without the navigation.
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("header.top").isVisible()).toBe(false);
    expect(await page.locator("ol.calendar").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
    // On a phone: two columns, no horizontal scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate("document.body.scrollWidth <= window.innerWidth + 1")).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, "schedule-phone.png") });
    await context.close();

    // A contact: their own units' reminders and chases only, and no other unit's schedule.
    const contact = await signedIn("hrss");
    await contact.page.goto(`${world.baseUrl}/g/minsheng/schedule`);
    await expect(contact.page.locator("main").textContent()).resolves.toContain("仅显示本单位");
    await expect(contact.page.locator('li.day[data-date="2023-01-28"]').getAttribute("data-kind")).resolves.toBe(
      "makeUpWorkday",
    );
    expect(await contact.page.locator('li.entry[data-kind="escalation"]').count()).toBe(0);
    expect(await contact.page.locator('li.entry[data-kind="digest"]').count()).toBe(0);
    const own = plan.filter((i) => i.unitId === hrss.id);
    expect(await duties(contact.page, "chase")).toBe(own.filter((i) => i.kind === "chase").length);
    expect(await duties(contact.page, "reminder")).toBe(own.filter((i) => i.kind === "reminder").length);
    expect(own.length).toBeGreaterThan(0);
    await contact.page.screenshot({ path: path.join(SHOTS, "schedule-contact.png"), fullPage: true });
    await accessible(contact.page);
    expect((await contact.page.goto(`${world.baseUrl}/g/minsheng/schedule?unit=hrss`))?.status()).toBe(200);
    expect((await contact.page.goto(`${world.baseUrl}/g/minsheng/schedule?unit=edu`))?.status()).toBe(403);
    expect((await contact.page.goto(`${world.baseUrl}/g/minsheng/schedule?unit=nope`))?.status()).toBe(404);
    await contact.context.close();
  });

  it("draws each target's trend on the task page as inline SVG whose alt text states the reported figures", async () => {
    const { context, page } = await signedIn("boss");
    await page.goto(`${world.baseUrl}/g/minsheng/t/MS-03`);
    const task = await world.db.prisma.task.findFirstOrThrow({
      where: { key: "MS-03" },
      include: { targets: true, reports: { where: { isCurrent: true }, include: { values: true } } },
    });
    // One figure per target: a drawn chart where something was reported, its words where nothing was.
    expect(await page.locator("figure.chart-figure").count()).toBe(task.targets.length);
    const labels = await page
      .locator("figure.chart-figure svg[role=img]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label") ?? ""));
    const reported = task.reports.flatMap((r) => r.values);
    expect(reported.length).toBeGreaterThan(0);
    for (const value of reported) {
      const target = task.targets.find((g) => g.id === value.targetId)!;
      const label = labels.find((l) => l.includes(target.metric))!;
      expect(label, target.metric).toContain(`1月中旬 ${Number(value.value)}`);
    }
    expect(labels.length).toBe(new Set(reported.map((v) => v.targetId)).size);
    // A target nobody reported says so for each period, in words.
    const silent = task.targets.find((g) => !reported.some((v) => v.targetId === g.id))!;
    const captions = await page.locator("figure.chart-figure figcaption").allTextContents();
    expect(captions.find((c) => c.includes(silent.metric))).toContain("1月中旬 未报");
    expect(await page.locator("figure.chart-figure figcaption").first().textContent()).toBe(labels[0]);
    await accessible(page);
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
