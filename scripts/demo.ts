// `npm run demo`: plays one 旬 of the 民生 group on the console in about a minute, on a simulated
// clock: reminders, a few units replying, a chase, an escalation to the convenor, the 旬简报 in the
// group channel. Everything runs for real (embedded PostgreSQL in memory, scheduler, outbox,
// dispatcher, console adapter); only the clock is fast and the replies are scripted.
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
const END = new Date("2023-03-21T12:00:00+08:00"); // after the escalation and the digest
const SPEED = 7_200; // one real second is two simulated hours

/** Units whose contacts take part; the others stay silent and show up as missing. */
const PLAYERS = ["c-hrss", "c-edu", "c-health", "c-civil-affairs", "c-ms-convenor", "c-ms-office"];

const say = (line: string) => process.stdout.write(`\n\u001b[1m▶ ${line}\u001b[0m\n`);

async function main(): Promise<void> {
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
    data: { groupId: group.id, platform: "console", chatId: "group:minsheng", title: "民生专班群", boundAt: START },
  });

  const clock = simulatedClock({ start: START, speed: SPEED, realNow: () => Date.now() });
  const core = createCore({ prisma: db.prisma, calendar, clock, locale: "zh-CN", log });
  const directory = createConsoleDirectory(db.prisma);
  const adapter = createConsoleAdapter({
    locale: "zh-CN",
    resolveIdentity: (query) => resolveConsoleIdentity(directory, query),
    input: new PassThrough(),
    color: Boolean(process.stdout.isTTY),
  });
  await adapter.start(core);
  const background = await startBackground({
    prisma: db.prisma,
    calendar,
    clock,
    clockSpeed: SPEED,
    locale: "zh-CN",
    log,
    adapters: [adapter],
    port: null,
  });

  const at = async (iso: string) => {
    const target = new Date(iso).getTime();
    while (clock.now().getTime() < target) await new Promise((r) => setTimeout(r, 50));
    const local = localDateTimeOf(clock.now(), "Asia/Shanghai");
    say(`模拟时间 ${local.date} ${local.time}`);
  };
  const as = async (who: string, text: string) => {
    await adapter.session.actAs(who);
    await adapter.session.say(text);
  };

  say(`模拟时钟从 2023-03-16 08:50 开始，${SPEED} 倍速。截止时间：3月20日（周一）17:00。`);
  await at("2023-03-17T10:00:00+08:00");
  await as(
    "省人社厅",
    "报送 MS-03\n城镇新增就业：15.2万人\n补贴性职业技能培训：9万人次\n状态：正常推进\n进展：春风行动招聘会 120 场\n问题：无\n下步：开展高校毕业生专场招聘",
  );
  await at("2023-03-20T11:00:00+08:00");
  await as(
    "省教育厅",
    "报送 MS-01\n启动建设县域普通高中一校一栋建筑项目：38所\n状态：存在风险\n进展：38 所已开工\n问题：部分县市配套资金未到位\n需协调事项：请省财政厅加快下达补助资金",
  );
  await at("2023-03-20T17:30:00+08:00");
  await as("召集人", "/status");
  await at("2023-03-20T18:30:00+08:00");
  await as("省卫生健康委", "报送 MS-13\n状态：正常推进\n进展：ICU 床位改造方案已印发");
  await at(END.toISOString());

  await background.stop();
  await adapter.stop();
  await db.close();
  say("演示结束。npm start 打开控制台，可以自己试。");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
