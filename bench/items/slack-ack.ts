// 3. Slack acknowledgement: time from request to ack for slash commands and modal submissions,
// 200 at once (target p99 < 300 ms; Slack's own limit is 3 s).
//
// The Slack adapter (adapters/slack, Bolt in HTTP mode, signature-checked) runs against the fake
// Slack Web API of the tests (tests/fakes/slack), with the bench data set behind it: 200 contacts
// get a Slack identity for the run. Each sends `/zhuanban report TASK` (the adapter acks, then opens
// the report modal with views.open); then all 200 submit their modal at once. A submission's ack
// carries the field errors, so it waits for the core to validate and store the report (up to the
// adapter's 2.5 s budget): that ack includes the database write.

import pg from "pg";
import { createSlackAdapter } from "../../adapters/slack/index.js";
import { simulatedClock } from "../../src/domain/time/clock.js";
import { createCore } from "../../src/runtime/wiring.js";
import { FakeSlackApi } from "../../tests/fakes/slack/fake-slack-api.js";
import {
  randomTriggerId,
  sendInteraction,
  sendSlashCommand,
  viewSubmissionPayload,
  type SignOptions,
} from "../../tests/fakes/slack/slack-requests.js";
import { BENCH_NOW } from "../generate.js";
import type { BenchContext, BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { percentile, round } from "../lib/stats.js";

const SIGNING_SECRET = "bench-slack-signing-secret-0123456789";

interface SlackUser {
  userId: string;
  contactId: string;
  taskKey: string;
}

async function addSlackIdentities(url: string, count: number, dekad: string): Promise<SlackUser[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = await client.query<{ contactId: string; key: string }>(
      `SELECT DISTINCT ON (tu."unitId") cur."contactId", t.key
       FROM "TaskUnit" tu
       JOIN "Task" t ON t.id = tu."taskId" AND t.active
       JOIN "Period" p ON p."groupId" = t."groupId" AND p."periodKey" = $1
       JOIN "ContactUnitRole" cur ON cur."unitId" = tu."unitId" AND cur.role = 'primary'
       WHERE tu.role = 'lead'
         AND NOT EXISTS (SELECT 1 FROM "Report" r WHERE r."taskId" = t.id AND r."unitId" = tu."unitId" AND r."periodId" = p.id)
       ORDER BY tu."unitId" DESC, t."sortOrder"
       LIMIT $2`,
      [dekad, count],
    );
    const users = rows.rows.map((r, i) => ({
      userId: `UB${String(i).padStart(6, "0")}`,
      contactId: r.contactId,
      taskKey: r.key,
    }));
    await client.query(
      `INSERT INTO "ChatIdentity" (id, platform, "platformUserId", "platformTeamId", "contactId", "boundAt", "updatedAt")
       SELECT gen_random_uuid(), 'slack', u, 'T0001', c::uuid, now(), now() FROM unnest($1::text[], $2::text[]) AS x(u, c)`,
      [users.map((u) => u.userId), users.map((u) => u.contactId)],
    );
    return users;
  } finally {
    await client.end();
  }
}

async function removeSlackIdentities(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DELETE FROM "ChatIdentity" WHERE platform = 'slack'`);
  } finally {
    await client.end();
  }
}

export const slackAck: BenchItem = {
  item: 3,
  title: "Slack acknowledgement",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const count = ctx.options.quick ? 20 : 200;
    await removeSlackIdentities(ctx.url);
    const users = await addSlackIdentities(ctx.url, count, ctx.data.currentDekad);
    const fake = await FakeSlackApi.start();
    for (const u of users) fake.addUser({ id: u.userId, name: u.userId.toLowerCase(), realName: u.userId });
    const core = createCore({
      prisma: ctx.prisma,
      calendar: ctx.calendar,
      clock: simulatedClock({ start: BENCH_NOW, speed: 1, realNow: () => Date.now() }),
      locale: "zh-CN",
      log: ctx.log,
    });
    const adapter = createSlackAdapter({
      botToken: fake.token,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.url,
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      locale: "zh-CN",
    });
    await adapter.start(core);
    const url = adapter.eventsUrl!;
    const sign: SignOptions = { secret: SIGNING_SECRET };
    try {
      const slash = (u: SlackUser, triggerId: string) =>
        sendSlashCommand(url, sign, {
          command: "/zhuanban",
          text: `report ${u.taskKey}`,
          userId: u.userId,
          channelId: `D${u.userId.slice(1)}`,
          channelName: "directmessage",
          triggerId,
        });
      // Warm-up: one command (Bolt, the core and the fake's first requests).
      await slash(users[0]!, randomTriggerId());

      ctx.progress(`  ${count} slash commands at once (/zhuanban report TASK)`);
      const triggers = users.map(() => randomTriggerId());
      const commands = await Promise.all(users.map((u, i) => slash(u, triggers[i]!)));
      const badCommands = commands.filter((r) => r.status !== 200).length;
      // The modals the adapter opened after acking, by trigger id.
      const deadline = Date.now() + 60_000;
      const opened = () => new Set(fake.callsTo("views.open").map((c) => c.args.trigger_id));
      while (triggers.some((t) => !opened().has(t)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const views = new Map(fake.callsTo("views.open").map((c) => [c.args.trigger_id, c.args.view]));

      ctx.progress(`  ${count} modal submissions at once`);
      const submissions = await Promise.all(
        users.map((u, i) => {
          const view = views.get(triggers[i]) as
            { callback_id: string; private_metadata: string; blocks: { block_id?: string }[] } | undefined;
          if (!view) return Promise.resolve(null);
          const values: Record<
            string,
            Record<string, { type: string; value?: string; selected_option?: { value: string } }>
          > = {};
          for (const block of view.blocks) {
            const id = block.block_id ?? "";
            if (id.startsWith("value:")) values[id] = { v: { type: "plain_text_input", value: "12.5" } };
            else if (id === "status")
              values[id] = { v: { type: "static_select", selected_option: { value: "on_track" } } };
            else if (id === "progress") values[id] = { v: { type: "plain_text_input", value: "按计划推进" } };
          }
          return sendInteraction(
            url,
            sign,
            viewSubmissionPayload({
              userId: u.userId,
              view: { callback_id: view.callback_id, private_metadata: view.private_metadata },
              values,
            }),
          );
        }),
      );
      const answered = submissions.filter((s) => s !== null);
      const refused = answered.filter((s) => s.status !== 200 || s.body.includes("errors")).length;
      const stored = await ctx.prisma.report.count({ where: { submittedAt: { gte: BENCH_NOW } } });
      const slashMs = commands.map((c) => c.ms);
      const submitMs = answered.map((s) => s.ms);
      ctx.note(
        `3: ${count} Slack users (identities added for the run) against the Slack adapter in HTTP mode (Bolt, signatures ` +
          `checked) and the fake Slack Web API of the tests; ack = request to HTTP answer, all ${count} sent at once. ` +
          `Slash commands: ${badCommands} not 200, ${views.size} modals opened. Submissions: ${answered.length} sent, ` +
          `${refused} refused, ${stored} reports stored.`,
      );
      return [
        {
          id: "3a",
          item: 3,
          name: `Slack slash command ack p99, ${count} at once`,
          value: round(percentile(slashMs, 99)),
          unit: "ms",
          target: 300,
          bound: "max",
          note: `p50 ${round(percentile(slashMs, 50))} ms`,
        },
        {
          id: "3b",
          item: 3,
          name: `Slack modal submission ack p99, ${count} at once`,
          value: answered.length === 0 ? null : round(percentile(submitMs, 99)),
          unit: "ms",
          target: 300,
          bound: "max",
          note: `p50 ${round(percentile(submitMs, 50))} ms; includes validating and storing the report; ${stored} stored`,
        },
      ];
    } finally {
      await adapter.stop();
      await fake.close();
      await removeSlackIdentities(ctx.url);
    }
  },
};
