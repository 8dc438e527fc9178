// One 旬 of the 民生 group played on the console on a simulated clock (`npm run demo`, and
// tests/e2e/demo.test.ts): reminders, most units replying, a report refused and corrected, the
// office's /chase saying who cannot be reached and why, a late report, the escalation to the
// convenor and the 旬简报 in the group channel. Everything runs for real (embedded PostgreSQL in
// memory, scheduler, outbox, dispatcher, console adapter); only the clock is fast and the replies
// are scripted. The clock stands still while a scripted person types, so each report is stored at
// the time the script gives it, however slow the machine.
import { PassThrough } from "node:stream";
import { createConsoleAdapter } from "../adapters/console/index.js";
import { resolveConsoleIdentity } from "../src/core/console-identity.js";
import { simulatedClock } from "../src/domain/time/clock.js";
import { localDateTimeOf } from "../src/domain/time/zoned.js";
import { startBackground } from "../src/runtime/background.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { createLogger } from "../src/runtime/logger.js";
import { seedFromDir } from "../src/runtime/seed-runner.js";
import { createCore } from "../src/runtime/wiring.js";
import { createConsoleDirectory } from "../src/store/console-directory.js";
import { openDatabase } from "../src/store/database.js";

const START = new Date("2023-03-16T08:50:00+08:00"); // Thursday before the 2023年3月中旬 deadline
/** How long (real time) the end waits for the escalation and the digest to be delivered. */
const END_WAIT_MS = 120_000;
/** One real second is two simulated hours. */
export const DEMO_SPEED = 7_200;

/** Contacts bound to the console: the units that take part, the convenor and the office. */
const PLAYERS = [
  "c-hrss",
  "c-edu",
  "c-health",
  "c-civil-affairs",
  "c-med-insurance",
  "c-disabled",
  "c-women",
  "c-housing",
  "c-gov-service",
  "c-ms-convenor",
  "c-ms-office",
];

export interface DemoOptions {
  /** Where the console and the narration are written. */
  write: (text: string) => void;
  speed?: number;
  color?: boolean;
}

export async function runDemo(options: DemoOptions): Promise<void> {
  const speed = options.speed ?? DEMO_SPEED;
  const bold = (text: string) => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const say = (line: string) => options.write(`\n${bold(`▶ ${line}`)}\n`);

  say("准备：内存中的嵌入式 PostgreSQL、2023 年湖南“六仗”方案（首次迁移约 20 秒）…");
  const db = await openDatabase({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: "",
    embeddedInMemory: !process.env.DATABASE_URL,
    migrate: true,
  });
  await seedFromDir(db.prisma);
  const calendar = await loadWorkCalendar();
  const log = createLogger("silent");

  // The players' console identities, bound as if each had used an invite code, and the group
  // channel bound by the office.
  const contacts = await db.prisma.contact.findMany({ where: { key: { in: PLAYERS } } });
  for (const contact of contacts) {
    await db.prisma.chatIdentity.create({
      data: {
        platform: "console",
        platformUserId: contact.key,
        directChatId: `dm:${contact.key}`,
        contactId: contact.id,
        boundAt: START,
      },
    });
  }
  const group = await db.prisma.workGroup.findUniqueOrThrow({ where: { key: "minsheng" } });
  await db.prisma.groupChannel.create({
    data: { groupId: group.id, platform: "console", chatId: "group:minsheng", title: group.name, boundAt: START },
  });
  // The lead units none of whose contacts is bound: the bot cannot remind them.
  const leads = await db.prisma.unit.findMany({
    where: { tasks: { some: { role: "lead", task: { groupId: group.id } } } },
    include: { contacts: { include: { contact: { include: { identities: true } } } } },
    orderBy: { key: "asc" },
  });
  const unreachable = leads.filter((u) => u.contacts.every((r) => r.contact.identities.length === 0));

  // Real time that stands still while a scripted person types (see the header), and while the
  // bot starts, so that the first reminders are not hours late on a slow machine.
  let pausedAt: number | null = Date.now();
  let pausedFor = 0;
  const realNow = () => (pausedAt ?? Date.now()) - pausedFor;
  const clock = simulatedClock({ start: START, speed, realNow });
  const core = createCore({ prisma: db.prisma, calendar, clock, locale: "zh-CN", log });
  const directory = createConsoleDirectory(db.prisma);
  const output = new PassThrough();
  output.on("data", (chunk: Buffer) => options.write(chunk.toString("utf8")));
  const adapter = createConsoleAdapter({
    locale: "zh-CN",
    resolveIdentity: (query) => resolveConsoleIdentity(directory, query),
    resolveGroupName: (key) => directory.groupName(key),
    // Each message shows its simulated time, so reminders days apart do not look alike.
    clock,
    input: new PassThrough(),
    output,
    color: Boolean(options.color),
  });
  await adapter.start(core);
  const background = await startBackground({
    prisma: db.prisma,
    calendar,
    clock,
    clockSpeed: speed,
    locale: "zh-CN",
    log,
    adapters: [adapter],
    port: null,
  });
  pausedFor += Date.now() - pausedAt!;
  pausedAt = null;

  const until = async (iso: string) => {
    const target = new Date(iso).getTime();
    while (clock.now().getTime() < target) await new Promise((r) => setTimeout(r, 20));
  };
  const at = async (iso: string) => {
    await until(iso);
    const local = localDateTimeOf(clock.now(), "Asia/Shanghai");
    say(`模拟时间 ${local.date} ${local.time}`);
  };
  const as = async (who: string, text: string) => {
    pausedAt = Date.now();
    try {
      await adapter.session.actAs(who);
      await adapter.session.say(text);
    } finally {
      pausedFor += Date.now() - pausedAt;
      pausedAt = null;
    }
  };

  say(`模拟时钟从 2023-03-16 08:50 开始，${speed} 倍速。截止时间：3月20日（周一）17:00。`);
  say(
    `${contacts.length - 2} 个牵头单位的联络人已在控制台绑定，会收到提醒。另有 ${unreachable.length} 个牵头单位的联络人还没有绑定` +
      `（${unreachable.map((u) => u.name).join("、")}），机器人无法提醒他们：催报结果会列出这些单位，到期未报的会上报召集人，由办公室电话联系。`,
  );
  await at("2023-03-17T10:00:00+08:00");
  await as(
    "c-hrss",
    "报送 MS-03\n城镇新增就业：15.2万人\n补贴性职业技能培训：9万人次\n其中创业培训：2万人次\n状态：正常推进\n进展：春风行动招聘会 120 场\n问题：无\n下步：开展高校毕业生专场招聘",
  );
  await as(
    "c-hrss",
    "报送 MS-11\n基本养老保险参保人数：5120万人\n工伤保险参保人数：860万人\n失业保险参保人数：700万人\n状态：正常推进\n进展：参保扩面专项行动启动",
  );
  await at("2023-03-17T15:00:00+08:00");
  await as(
    "c-civil-affairs",
    "报送 MS-06\n养老机构新增护理型床位：1200张\n困难老年人居家适老化改造：8000户\n状态：正常推进\n进展：护理型床位改造有序推进",
  );
  await at("2023-03-20T10:00:00+08:00");
  await as(
    "c-edu",
    "报送 MS-01\n启动建设县域普通高中一校一栋建筑项目：38所\n状态：存在风险\n进展：38 所已开工\n问题：部分县市配套资金未到位\n协调事项：请省财政厅加快下达补助资金",
  );
  await as("c-edu", "报送 MS-12\n新增标准化中职学校：20所\n状态：正常推进\n进展：20 所完成评估验收");
  await at("2023-03-20T11:00:00+08:00");
  await as(
    "c-med-insurance",
    "报送 MS-05\n县区普通门诊异地结算二级以上定点医疗机构覆盖率（全覆盖）：96%\n每个统筹区门诊慢特病治疗费用省内异地直接结算病种：40个\n乡（镇）、村（社区）医保经办服务事项直办或帮代办覆盖率（全覆盖）：88%\n状态：正常推进\n进展：异地备案下沉到乡镇",
  );
  await as(
    "c-disabled",
    "报送 MS-08\n康复救助残疾儿童：3500人\n困难残疾人家庭无障碍改造：3000户\n状态：正常推进\n进展：康复救助项目全面启动",
  );
  await at("2023-03-20T16:00:00+08:00");
  say("省卫生健康委的报送漏了指标数值，机器人指出缺什么，不保存；联络人改好后重新发送。");
  await as("c-health", "报送 MS-13\n状态：正常推进\n进展：ICU 床位改造方案已印发");
  await as(
    "c-health",
    "报送 MS-13\n市州三级综合医院ICU床位占总床位比例（不低于）：3.6%\n市州三级综合医院可转换ICU床位占总床位比例（不低于）：3.9%\n状态：正常推进\n进展：ICU 床位改造方案已印发",
  );
  await at("2023-03-20T17:30:00+08:00");
  await as("c-ms-convenor", "/status");
  say("截止时间已过。专班办公室发送 /chase：机器人催报能联系上的单位，并列出联系不上的单位和原因。");
  await as("c-ms-office", "/chase");
  await at("2023-03-20T18:30:00+08:00");
  await as(
    "c-women",
    "报送 MS-04\n农村适龄及城镇低保适龄妇女“两癌”免费检查：22万人\n状态：正常推进\n进展：两癌筛查进社区",
  );
  say("次日 09:00：仍未报送的单位上报召集人和办公室，旬简报发到专班群。");
  // The end is the digest in the group channel and the escalation to the convenor, once delivered.
  const delivered = () => {
    const bot = adapter.session.transcript().filter((e) => e.from === "bot");
    return (
      bot.some((e) => e.stream === "group" && e.text.includes("旬简报")) &&
      bot.some((e) => e.chatId === "dm:c-ms-convenor" && e.text.includes("未报单位"))
    );
  };
  const deadline = Date.now() + END_WAIT_MS;
  while (!delivered() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

  await background.stop();
  await adapter.stop();
  await db.close();
  say("演示结束。npm start 打开控制台，可以自己试。");
}
