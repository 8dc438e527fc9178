// 9. The web console's pages at the bench scale (日程 included: the scheduler's plan of 30 days):
// each page's server time p95 <= 200 ms; the 专班 page of the largest group (500 units, 4,000
// tasks) <= 300 KB of HTML.
//
// Server time: the request goes through the whole console app (session lookup, role checks, the
// group evaluation, HTML) without a socket, as `app.request()`; a browser adds only the transfer.

import { randomBytes } from "node:crypto";
import { createWebAuth } from "../../src/core/web/sign-in.js";
import { createWebAuthStore } from "../../src/store/web-auth-store.js";
import { createWebConsoleApp } from "../../src/runtime/web-console.js";
import { BENCH_NOW } from "../generate.js";
import type { BenchContext, BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { percentile, repeatFor, round } from "../lib/stats.js";

export const webConsole: BenchItem = {
  item: 9,
  title: "web console pages",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const { data, prisma } = ctx;
    const clock = { now: () => BENCH_NOW };
    const app = createWebConsoleApp({
      prisma,
      calendar: ctx.calendar,
      clock,
      locale: "zh-CN",
      publicUrl: "http://localhost",
      log: ctx.log,
    });
    const auth = createWebAuth({
      store: createWebAuthStore(prisma),
      clock,
      randomBytes,
      publicUrl: "http://localhost",
    });
    // Signed in as the largest group's office (it sees every page, 送达 included), through a real link.
    const office = await prisma.contactGroupRole.findFirst({
      where: { role: { in: ["office", "convenor"] }, group: { key: data.largestGroup.key } },
      orderBy: { role: "desc" },
      select: { contactId: true, role: true },
    });
    if (!office) throw new Error(`no office or convenor in ${data.largestGroup.key}`);
    const link = await auth.issueLink(office.contactId);
    const redeemed = await auth.redeem(new URL(link.url).searchParams.get("token")!, "bench");
    if (!redeemed.ok) throw new Error(`the bench sign-in link was refused: ${redeemed.reason}`);
    const cookie = `zb_session=${redeemed.sessionToken}`;

    const group = data.largestGroup.key;
    const task = await prisma.task.findFirstOrThrow({
      where: { key: data.historyTaskKey, group: { key: group } },
      select: { units: { where: { role: "lead" }, select: { unit: { select: { key: true } } }, take: 1 } },
    });
    const unitKey = task.units[0]!.unit.key;
    const pages: { name: string; path: string }[] = [
      { name: "总览", path: "/" },
      { name: "专班", path: `/g/${group}` },
      { name: "任务", path: `/g/${group}/t/${encodeURIComponent(data.historyTaskKey)}` },
      { name: "单位", path: `/u/${encodeURIComponent(unitKey)}` },
      { name: "简报", path: `/g/${group}/digests` },
      ...(office.role === "office" ? [{ name: "送达", path: `/g/${group}/delivery` }] : []),
      { name: "日程", path: `/g/${group}/schedule` },
    ];
    const sizes = new Map<string, number>();
    const get = async (path: string) => {
      const response = await app.request(path, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      sizes.set(path, Buffer.byteLength(body));
    };
    const [min, max, budget] = ctx.options.quick ? [3, 5, 5_000] : [5, 30, 20_000];
    const figures: Figure[] = [];
    const p95s: string[] = [];
    let worst = 0;
    for (const page of pages) {
      ctx.progress(`  ${page.name} ${page.path}: ${min} to ${max} runs`);
      const times = await repeatFor(budget, min, max, () => get(page.path), 1);
      const p95 = percentile(times, 95);
      worst = Math.max(worst, p95);
      p95s.push(
        `${page.name} ${round(p95)} ms (p50 ${round(percentile(times, 50))}, ${times.length} runs, ${Math.round(sizes.get(page.path)! / 1024)} KiB)`,
      );
      figures.push({
        id: `9${String.fromCharCode(97 + figures.length)}`,
        item: 9,
        name: `web ${page.name} page, largest group (p95)`,
        value: round(p95),
        unit: "ms",
        target: 200,
        bound: "max",
      });
    }
    ctx.note(
      `9: web console pages as the ${office.role} of ${group} (${data.largestGroup.units} units, ${data.largestGroup.tasks} tasks), ` +
        `server time through the whole app without a socket (app.request), one warm-up each: ${p95s.join("; ")}.`,
    );
    figures.push({
      id: `9${String.fromCharCode(97 + figures.length)}`,
      item: 9,
      name: "web 专班 page HTML, largest group",
      value: round(sizes.get(`/g/${group}`)! / 1024),
      unit: "KB",
      target: 300,
      bound: "max",
    });
    return figures;
  },
};
