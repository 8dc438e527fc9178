import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateGroup } from "../../src/core/evaluation/index.js";
import { snapshotBlocks } from "../../src/core/status/snapshot-blocks.js";
import { createWorkCalendar } from "../../src/domain/time/calendar.js";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createReportStore } from "../../src/store/report-store.js";
import { createStatusStore } from "../../src/store/status-store.js";
import { bindUsers, event, fullBot, manualClock, replyText } from "../support/bot-harness.js";
import { runZhuanban } from "../support/run-cli.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// A group too large to list whole in chat: 60 tasks led by 25 units, in 2023年1月中旬 (due 1月20日
// 17:00). At 18:00 that day, BG-01..BG-40 are unreported (overdue), BG-41..BG-52 reported far
// behind pace (red, each with a problem), BG-53..BG-60 reported ahead of pace (green).
const TASKS = 60;
const UNITS = 25;
const key = (i: number) => `BG-${String(i).padStart(2, "0")}`;
const unitOf = (i: number) => `big-u${String(i % UNITS).padStart(2, "0")}`;
const unitName = (u: string) => `大组单位${u.slice(-2)}`;

let db: TestDatabase;
let dir: string;
const clock = manualClock("2023-01-16T02:00:00Z");
let bot: ReturnType<typeof fullBot>["bot"];

const blocksOf = (reply: Awaited<ReturnType<typeof bot.handle>>) => reply.messages.flatMap((m) => m.blocks);
const field = (reply: Awaited<ReturnType<typeof bot.handle>>, label: string) => {
  const fields = blocksOf(reply).find((b) => b.type === "fields");
  return fields && "fields" in fields ? fields.fields.find((f) => f.label === label)?.value : undefined;
};
/** Task keys in the order their task lines appear. */
const listedTasks = (text: string) => [...text.matchAll(/^(BG-\d\d|MS-\d\d) .*（.*）$/gm)].map((m) => m[1]);

async function writeSeed(): Promise<void> {
  const units = Array.from({ length: UNITS }, (_, i) => `big-u${String(i).padStart(2, "0")}`);
  await writeFile(
    path.join(dir, "big.json"),
    JSON.stringify({
      units: units.map((u) => ({ key: u, name: unitName(u) })),
      groups: [{ key: "dashboard", name: "大组专班", memberUnits: units }],
      contacts: [
        { key: "c-big-convenor", name: "大组召集人", groups: [{ group: "dashboard", role: "convenor" }] },
        ...units.map((u) => ({
          key: `c-${u}`,
          name: `${unitName(u)}联络人`,
          units: [{ unit: u, role: "primary" }],
          groups: [{ group: "dashboard", role: "reporter" }],
        })),
      ],
      cycles: [{ group: "dashboard", cycle: "dekad", enabled: true, dueRule: null }],
    }),
  );
  await writeFile(
    path.join(dir, "big-tasks.json"),
    JSON.stringify({
      group: "dashboard",
      tasks: Array.from({ length: TASKS }, (_, n) => ({
        key: key(n + 1),
        title: `大组任务${n + 1}`,
        listKind: "task",
        lead: [unitOf(n + 1)],
        targets: [
          {
            key: "done",
            metric: `完成量${n + 1}`,
            unitOfMeasure: "个",
            targetValue: 100,
            direction: "increase",
            kind: "cumulative",
          },
        ],
        startDate: "2023-01-01",
        endDate: "2023-12-31",
      })),
    }),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), "zb-dashboard-"));
  await seedFromDir(db.prisma);
  await writeSeed();
  await seedFromDir(db.prisma, dir);
  const users: Record<string, { unit?: string; contact?: string }> = {
    boss: { contact: "c-big-convenor" },
    msboss: { contact: "c-ms-convenor" },
  };
  for (let i = 41; i <= TASKS; i += 1) users[unitOf(i)] = { unit: unitOf(i) };
  await bindUsers(db.prisma, clock, users);
  bot = fullBot(db.prisma, clock).bot;
  // On 1月16日, before the deadline: about 4% of the year has passed.
  for (let i = 41; i <= TASKS; i += 1) {
    const red = i <= 52;
    const reply = await bot.handle(
      event(unitOf(i), {
        kind: "text",
        text: [
          `报送 ${key(i)}`,
          `完成量${i}：${red ? 0.5 : 50}`,
          `状态：${red ? "滞后" : "正常推进"}`,
          "进展：推进中",
          `问题：${red ? `资金未到位${i}` : "无"}`,
        ].join("\n"),
      }),
    );
    expect(replyText(reply)).toContain("已保存");
  }
  clock.set("2023-01-20T10:00:00Z"); // 18:00 on the due day: the deadline has passed
});
afterAll(async () => {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
});

describe("/status of a large group: a dashboard, not every task", () => {
  it("keeps the counts exact for all 60 tasks and counts every task's light", async () => {
    const reply = await bot.handle(event("boss", { kind: "command", command: "status" }));
    expect(field(reply, "任务")).toBe("60");
    expect(field(reply, "应报")).toBe("60");
    expect(field(reply, "按时报送")).toBe("20");
    expect(field(reply, "未报")).toBe("40");
    expect(field(reply, "待报")).toBe("0");
    expect(field(reply, "灯号")).toBe("红灯 12，黄灯 0，绿灯 8，已完成 0，无数据 40");
  });

  it("lists red tasks first, ten of them, then says how many more need attention and where the full list is", async () => {
    const reply = await bot.handle(event("boss", { kind: "command", command: "status" }));
    const text = replyText(reply);
    expect(text).toContain("需优先关注的任务（52 项");
    // Red BG-41.. come before the overdue BG-01.., although they come later in the list.
    expect(listedTasks(text)).toEqual(Array.from({ length: 10 }, (_, n) => key(41 + n)));
    expect(blocksOf(reply).filter((b) => b.type === "progress")).toHaveLength(10);
    expect(blocksOf(reply).find((b) => b.type === "progress")).toMatchObject({ label: "完成量41", light: "red" });
    expect(text).toContain("另有 42 项需关注的任务未列出（红灯 2，黄灯 0，未报 40，待报 0）。");
    expect(text).toContain("发送 /status 任务编号");
    expect(text).toContain("zhuanban status --group dashboard");
    expect(text).toContain("zhuanban summary --group dashboard --period 2023-01-X2 --format xlsx");
    // Fits in chat: one Telegram message (4,096 characters), within Slack's 50 blocks.
    expect(text.length).toBeLessThan(4096);
    expect(blocksOf(reply).length).toBeLessThanOrEqual(50);
  });

  it("names 20 of the 25 missing units with their first task keys, and says how many more", async () => {
    const text = replyText(await bot.handle(event("boss", { kind: "command", command: "status" })));
    // One unit a line, as the digest lists them.
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l.startsWith("未报单位"));
    expect(lines[start]).toBe("未报单位（共 25 个）：");
    const listed = lines.slice(start + 1, start + 21);
    expect(listed.every((l) => /^.+：[A-Z]/.test(l))).toBe(true);
    expect(lines[start + 21]).toBe("另有 5 个单位未列出。");
    // big-u01 leads BG-01, BG-26 (missing) and BG-51 (reported): two overdue tasks, listed in full.
    expect(listed).toContain(`${unitName("big-u01")}：BG-01、BG-26`);
    expect(text).toContain("另有 5 个单位未列出。");
  });

  it("caps the problems at ten with the number left out, and leaves out '无'", async () => {
    const text = replyText(await bot.handle(event("boss", { kind: "command", command: "status" })));
    const problems = text.split("【反映的问题】")[1] ?? text.slice(text.indexOf("反映的问题"));
    expect(text.match(/资金未到位\d+/g)).toHaveLength(10);
    expect(text).toContain("另有 2 条未列出。");
    expect(problems).not.toMatch(/：无$/m);
  });

  it("is in English for an English reader", async () => {
    const status = createStatusStore(db.prisma);
    const calendar = createWorkCalendar();
    const group = (await status.findGroup("dashboard"))!;
    const snapshot = await evaluateGroup(
      { status, reports: createReportStore(db.prisma), calendar },
      group,
      clock.now(),
    );
    const text = replyText({ messages: [{ blocks: snapshotBlocks(snapshot, "en", calendar, true) }] });
    expect(text).toContain("Missing (25 units):\n");
    expect(text).toContain("Tasks needing attention (52");
    expect(text).toContain(
      "42 more tasks needing attention not listed (red 2, yellow 0, overdue 40, not yet reported 0).",
    );
    expect(text).toContain("5 more units not listed.");
    expect(text).toContain("zhuanban status --group dashboard");
  });

  it("still shows a small group every task, with no 'more' line", async () => {
    const reply = await bot.handle(event("msboss", { kind: "command", command: "status" }));
    const text = replyText(reply);
    expect(listedTasks(text)).toEqual(Array.from({ length: 14 }, (_, n) => `MS-${String(n + 1).padStart(2, "0")}`));
    expect(text).not.toContain("另有");
    expect(text).not.toContain("需优先关注");
    expect(field(reply, "灯号")).toBeUndefined();
  });

  it("lists every task in the CLI's text view (the full list chat points to) and in --json", async () => {
    const env = { DATABASE_URL: db.url };
    const at = ["--at", "2023-01-20T18:00+08:00"];
    const result = await runZhuanban(["status", "--group", "dashboard", ...at], env);
    expect(result.code).toBe(0);
    expect(listedTasks(result.stdout)).toEqual(Array.from({ length: TASKS }, (_, n) => key(n + 1)));
    expect(result.stdout).not.toContain("另有");
    const json = JSON.parse((await runZhuanban(["status", "--group", "dashboard", "--json", ...at], env)).stdout) as {
      status: { tasks: unknown[]; counts: { missing: number } };
    };
    expect(json.status.tasks).toHaveLength(TASKS);
    expect(json.status.counts.missing).toBe(40);
  });
  it("caps the office's list of undelivered messages at ten, with the total in its title", async () => {
    const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "dashboard" } });
    for (let i = 0; i < 12; i += 1) {
      const contact = await db.prisma.contact.findUniqueOrThrow({ where: { key: `c-${unitOf(i)}` } });
      await db.prisma.outboxMessage.create({
        data: {
          dedupeKey: `dashboard-undelivered-${i}`,
          kind: "reminder",
          stage: "due-day",
          groupId: group.id,
          recipientContactId: contact.id,
          platform: "telegram",
          address: `dm-${i}`,
          payload: {},
          dueAt: clock.now(),
          nextAttemptAt: clock.now(),
          state: "unreachable",
          lastError: "unreachable: Forbidden: bot was blocked by the user",
        },
      });
    }
    const text = replyText(await bot.handle(event("boss", { kind: "command", command: "status" })));
    const undelivered = text.slice(text.indexOf("未能送达的消息（12 条）"));
    expect(undelivered.match(/（Telegram）：无法联系（已屏蔽机器人或已退出）$/gm)).toHaveLength(10);
    expect(undelivered).toContain("另有 2 条未列出。");
  });
});
