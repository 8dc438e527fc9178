import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../../src/store/client.js";
import { dmMessageEvent, sendEvent } from "../fakes/slack/slack-requests.js";
import { manualClock } from "../support/bot-harness.js";
import { startPrivatePostgres, type PrivatePostgres } from "../support/private-postgres.js";
import { waitUntil } from "../support/wait-until.js";
import {
  answerAt,
  bindSlackUsers,
  blockText,
  slash,
  startSlackWorld,
  USERS,
  type SlackWorld,
} from "./slack-harness.js";

// Slack during a database outage (issue 17, item 2), with a PostgreSQL cluster of the test's own
// that is stopped and started: an Events API delivery that could not be kept is answered non-2xx,
// so that Slack delivers it again, and is stored once when it does; a slash command, which Slack
// never delivers again, is acknowledged and its user told that nothing was saved.
const clock = manualClock("2023-01-18T02:00:00Z");
let pg: PrivatePostgres;
let world: SlackWorld;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  world = await startSlackWorld(clock, {
    database: async () => {
      const prisma = createPrismaClient(pg.url, 2);
      return {
        name: "private",
        url: pg.url,
        prisma,
        drop: async () => {
          await prisma.$disconnect();
          await pg.destroy();
        },
      };
    },
  });
  await bindSlackUsers(world, clock);
}, 240_000);

afterAll(async () => {
  await world?.close();
});

const dm = () => world.fake.dmChannelId(USERS.hrss.id);
const postsToDm = (text: string) =>
  world.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.status === 200 && c.args.channel === dm() && blockText(c.args.blocks).includes(text));

describe("Slack while the database is down", () => {
  it(
    "answers an Events API delivery 500, tells the user nothing, and stores the report once when Slack delivers it again",
    { timeout: 180_000 },
    async () => {
      const progress = "停库期间的进展";
      const event = dmMessageEvent({
        userId: USERS.hrss.id,
        channelId: dm(),
        text: `报送 MS-03 2023-01-X2\n城镇新增就业：3万人\n状态：正常推进\n进展：${progress}`,
      });
      await pg.stop();
      try {
        const first = await sendEvent(world.url, world.sign, { eventId: "Ev0OUTAGE", event });
        expect(first.status).toBe(500);
        expect(world.log.lines.some((l) => l.message.startsWith("slack event not handled"))).toBe(true);
      } finally {
        await pg.start();
      }
      // Slack's retry, as it sends it: the same event id, with X-Slack-Retry-Num.
      const retry = { ...world.sign, retryNum: 1, retryReason: "http_error" };
      expect((await sendEvent(world.url, retry, { eventId: "Ev0OUTAGE", event })).status).toBe(200);
      await waitUntil(
        () => postsToDm("已保存").some((c) => blockText(c.args.blocks).includes(progress)),
        60_000,
        "the confirmation",
      );
      expect(await world.db.prisma.report.count({ where: { progress } })).toBe(1);
      expect(postsToDm("没有保存")).toEqual([]);
    },
  );

  it(
    "acknowledges a slash command and tells its user that nothing was saved (Slack never retries a command)",
    { timeout: 180_000 },
    async () => {
      await pg.stop();
      try {
        const sent = await slash(world, USERS.hrss.id, "status");
        expect(sent.status).toBe(200);
        const answer = await answerAt(world, sent.responseUrl);
        expect(blockText(answer.args.blocks) + String(answer.args.text)).toContain("没有保存");
      } finally {
        await pg.start();
      }
    },
  );
});
