import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect, type AddressInfo, type Socket } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteHandler } from "../../adapters/slack/adapter.js";
import { createInboundAdmission } from "../../src/core/chat/inbound-admission.js";
import type { InboundEvent, InboundHandler, Reply } from "../../src/core/chat/inbound.js";
import { gateStatements } from "../../src/store/client.js";
import {
  dmMessageEvent,
  sendEvent,
  sendSlashCommand,
  slackSignature,
  slashCommandBody,
} from "../fakes/slack/slack-requests.js";
import { manualClock } from "../support/bot-harness.js";
import { waitUntil } from "../support/wait-until.js";
import { bindSlackUsers, SIGNING_SECRET, startSlackWorld, USERS, type SlackWorld } from "./slack-harness.js";

// Acknowledgements first (issue 19), through the real Slack adapter, the real core and its
// database: the core's work for earlier events must not hold up the acknowledgement of requests
// that have arrived. The app wires one admission into the adapter and the database client and
// mounts the events route on its HTTP server (src/runtime/app.ts); so does this test, without the
// trickle (one waiter through a shut gate every 50 ms in the app), so that what it checks holds
// exactly whatever the machine's load. Which requests wait is seen by the test's own HTTP server.
const clock = manualClock("2023-01-18T02:00:00Z");
const admission = createInboundAdmission({ trickleMs: 600_000 });

/** Requests the HTTP server has received and not yet answered. */
let waiting = 0;
/** Database statements sent by the app's client (the core's, and the slow work's). */
let statements = 0;
/** Events whose core work is slow: this many database round trips before the core answers. */
const slowEvents = new Set<string>();
const SLOW_ROUND_TRIPS = 300;
const slowDone = new Set<string>();

let world: SlackWorld;
let ungate: () => void = () => undefined;
let route: RouteHandler | undefined;
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  waiting += 1;
  let done = false;
  const answered = () => {
    if (done) return;
    done = true;
    waiting -= 1;
  };
  res.once("finish", answered);
  res.once("close", answered);
  void route!(req, res);
});
const eventsUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  world = await startSlackWorld(clock, {
    admission,
    mount: { route: (_path, handler) => void (route = handler), url: eventsUrl },
    core: (core): InboundHandler => ({
      async handle(event: InboundEvent): Promise<Reply> {
        if (event.eventId && slowEvents.has(event.eventId)) {
          // Stands in for heavy core work: many round trips through the app's database client.
          for (let i = 0; i < SLOW_ROUND_TRIPS; i++) await world.db.prisma.$queryRaw`SELECT 1`;
          slowDone.add(event.eventId);
        }
        return core.handle(event);
      },
    }),
  });
  ungate = gateStatements(world.db.prisma, async () => {
    await admission.pass();
    statements += 1;
  });
  await bindSlackUsers(world, clock);
});
afterAll(async () => {
  ungate();
  await world?.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function helpCommand(userId: string) {
  const triggerId = world.fake.issueTriggerId();
  const responseUrl = world.fake.responseUrl();
  const input = {
    command: "/zhuanban",
    text: "help",
    userId,
    channelId: world.fake.dmChannelId(userId),
    channelName: "directmessage",
    triggerId,
    responseUrl,
  };
  return {
    eventId: `command:${triggerId}`,
    responseUrl,
    send: () => sendSlashCommand(world.url, world.sign, input),
    /** The request as Slack signs it, written by hand: its body can be held back half way. */
    raw(): { head: string; rest: string } {
      const body = new URLSearchParams(slashCommandBody(input)).toString();
      const timestamp = Math.floor(Date.now() / 1000);
      const head =
        `POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Slack-Request-Timestamp: ${timestamp}\r\nX-Slack-Signature: ${slackSignature(SIGNING_SECRET, timestamp, body)}\r\n\r\n`;
      const half = Math.floor(body.length / 2);
      return { head: head + body.slice(0, half), rest: body.slice(half) };
    },
  };
}

/** Opens a connection and writes `text`; resolves with the socket and the HTTP answer to come. */
async function writeRaw(text: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { port } = server.address() as AddressInfo;
  const socket = connect(port, "127.0.0.1");
  const chunks: Buffer[] = [];
  const answer = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    socket.on("error", reject);
  });
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  socket.write(text);
  return { socket, answer };
}

const answered = (responseUrl: string) => world.fake.callsTo("response_url").some((c) => c.args.url === responseUrl);

describe("acknowledgements first", () => {
  it("sends no database statement of the core's work in flight while a request waits for its acknowledgement; then every command is answered", async () => {
    // Eight commands whose core work makes hundreds of database round trips each: in flight.
    const slow = Array.from({ length: 8 }, () => helpCommand(USERS.hrss.id));
    for (const command of slow) slowEvents.add(command.eventId);
    expect((await Promise.all(slow.map((c) => c.send()))).map((a) => a.status)).toEqual(slow.map(() => 200));
    await waitUntil(() => statements >= 64, 60_000, "the slow work under way");

    // A request that has arrived and waits: its headers and half its body are in.
    const held = helpCommand(USERS.convenor.id);
    const raw = held.raw();
    const { socket, answer } = await writeRaw(raw.head);
    await waitUntil(() => waiting === 1, 30_000, "the request received");
    const sent = statements;
    // The database answers meanwhile (50 round trips of another client): the work in flight does not go on.
    const other = new pg.Client({ connectionString: world.db.url });
    await other.connect();
    try {
      for (let i = 0; i < 50; i++) await other.query("SELECT 1");
    } finally {
      await other.end();
    }
    expect(statements).toBe(sent);
    expect(slowDone.size).toBe(0);

    // The rest of the body: acknowledged, and the work goes on.
    socket.write(raw.rest);
    expect((await answer).split("\r\n")[0]).toBe("HTTP/1.1 200 OK");
    await waitUntil(() => statements > sent, 60_000, "the slow work going on after the acknowledgement");

    // A burst of 30 while the slow work runs: all acknowledged, then every command answered.
    const burst = Array.from({ length: 30 }, (_, i) => helpCommand(i % 2 ? USERS.convenor.id : USERS.office.id));
    expect((await Promise.all(burst.map((c) => c.send()))).map((a) => a.status)).toEqual(burst.map(() => 200));
    const all = [...slow, held, ...burst];
    await waitUntil(() => all.every((c) => answered(c.responseUrl)), 120_000, "every command answered");
    expect(slowDone.size).toBe(slow.length);
  });

  it("handles a DM (Events API, whose 200 waits for the core) without its own request holding its work back", async () => {
    const dm = world.fake.dmChannelId(USERS.hrss.id);
    const event = dmMessageEvent({ userId: USERS.hrss.id, channelId: dm, text: "你好" });
    const posts = () => world.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === dm).length;
    const before = posts();
    // Without the trickle, a request that went on holding the gate while its own core work waits
    // at it would never be answered: its 200 comes once the core has kept the event.
    expect((await sendEvent(world.url, world.sign, { eventId: "Ev0ACKS1", event })).status).toBe(200);
    await waitUntil(() => posts() > before, 60_000, "the answer to the DM");
  });
});
