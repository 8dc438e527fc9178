// Slack's side of bench item 3: the fake Slack Web API and the 200 request senders. In the real
// world both are Slack's servers, not our process, so the item runs this module in a child process
// (forked, talking over IPC) and measures the adapter alone in the bench process; it can also run
// in process (ZHUANBAN_BENCH_SLACK_LOAD=inprocess), as the item did before, to compare.
//
// Protocol of the child: the parent sends {type:"start", users}; the child starts the fake, answers
// {type:"fake", url, token}; the parent starts the adapter and sends {type:"run", eventsUrl, secret};
// the child sends {type:"phase", name} as each burst begins and ends with {type:"done", result}.

import { fileURLToPath } from "node:url";
import { FakeSlackApi } from "../../tests/fakes/slack/fake-slack-api.js";
import {
  interactionRequest,
  randomTriggerId,
  slashCommandRequest,
  viewSubmissionPayload,
  type SignOptions,
  type SlackRequestResult,
} from "../../tests/fakes/slack/slack-requests.js";

export interface LoadUser {
  userId: string;
  taskKey: string;
}

export type LoadPhase = "slash" | "submit" | "confirm";

export interface LoadResult {
  /** ms: written out -> answer received; the ...At stamps in ms since the epoch (beside the adapter's). */
  slash: Answer[];
  modalsOpened: number;
  /** Slash command written out -> its views.open reached the fake (null: never); a trigger lives 3 s. */
  modalMs: (number | null)[];
  /** null: no modal was opened for this user, so nothing was submitted. */
  submissions: (Answer | null)[];
  /** Submission written out -> the "已保存" DM reached the fake (null: none within the wait). */
  confirmMs: (number | null)[];
}

export interface Answer {
  status: number;
  body: string;
  ms: number;
  sentAt: number;
  writtenAt: number;
  connectedAt: number;
  answeredAt: number;
}

const answer = (r: SlackRequestResult): Answer => ({
  status: r.status,
  body: r.body,
  ms: r.ms,
  sentAt: r.sentAt,
  writtenAt: r.writtenAt,
  connectedAt: r.connectedAt,
  answeredAt: r.answeredAt,
});

type Cell = { type: string; value?: string; selected_option?: { value: string } };

/** The fake Slack API with the run's users, and the two bursts against the adapter's events URL. */
export class SlackLoad {
  private constructor(readonly fake: FakeSlackApi) {}

  static async start(users: readonly { userId: string }[]): Promise<SlackLoad> {
    const fake = await FakeSlackApi.start();
    for (const u of users) fake.addUser({ id: u.userId, name: u.userId.toLowerCase(), realName: u.userId });
    return new SlackLoad(fake);
  }

  async run(
    eventsUrl: string,
    secret: string,
    users: readonly LoadUser[],
    phase: (name: LoadPhase) => void,
  ): Promise<LoadResult> {
    const sign: SignOptions = { secret };
    const slash = (u: LoadUser, triggerId: string) =>
      slashCommandRequest(eventsUrl, sign, {
        command: "/zhuanban",
        text: `report ${u.taskKey}`,
        userId: u.userId,
        channelId: `D${u.userId.slice(1)}`,
        channelName: "directmessage",
        triggerId,
      });
    // Warm-up: one command (Bolt, the core and the fake's first requests), and its modal.
    const warmTrigger = randomTriggerId();
    await slash(users[0]!, warmTrigger).send();
    await this.fake.waitForCall("views.open", (c) => c.args.trigger_id === warmTrigger, 30_000);

    // Each burst is built and signed first, then sent at once: the senders' own work is not timed.
    const triggers = users.map(() => randomTriggerId());
    const slashes = users.map((u, i) => slash(u, triggers[i]!));
    phase("slash");
    const commands = await Promise.all(slashes.map((r) => r.send()));
    // The modals the adapter opened after acking, by trigger id.
    const views = new Map<string, Record<string, unknown>>();
    const openedAt = new Map<string, number>();
    await Promise.all(
      triggers.map((trigger) =>
        this.fake
          .waitForCall("views.open", (c) => c.args.trigger_id === trigger, 60_000)
          .then((c) => {
            views.set(trigger, c.args.view as Record<string, unknown>);
            openedAt.set(trigger, c.at);
          })
          .catch(() => undefined),
      ),
    );

    const prepared = users.map((u, i) => {
      const view = views.get(triggers[i]!) as
        { callback_id: string; private_metadata: string; blocks: { block_id?: string }[] } | undefined;
      if (!view) return null;
      const values: Record<string, Record<string, Cell>> = {};
      for (const block of view.blocks) {
        const id = block.block_id ?? "";
        if (id.startsWith("value:")) values[id] = { v: { type: "plain_text_input", value: "12.5" } };
        else if (id === "status") values[id] = { v: { type: "static_select", selected_option: { value: "on_track" } } };
        else if (id === "progress") values[id] = { v: { type: "plain_text_input", value: "按计划推进" } };
      }
      return interactionRequest(
        eventsUrl,
        sign,
        viewSubmissionPayload({
          userId: u.userId,
          view: { callback_id: view.callback_id, private_metadata: view.private_metadata },
          values,
        }),
      );
    });
    const confirmations = users.map((u) =>
      this.fake
        .waitForCall(
          "chat.postMessage",
          (c) => c.args.channel === u.userId && JSON.stringify(c.args.blocks ?? "").includes("已保存"),
          90_000,
        )
        .then((c) => c.at)
        .catch(() => null),
    );
    phase("submit");
    const submissions = await Promise.all(
      prepared.map(async (request) => (request ? answer(await request.send()) : null)),
    );
    phase("confirm");
    const confirmedAt = await Promise.all(confirmations);
    return {
      slash: commands.map(answer),
      modalsOpened: views.size,
      modalMs: triggers.map((trigger, i) => {
        const at = openedAt.get(trigger);
        return at === undefined ? null : at - commands[i]!.writtenAt;
      }),
      submissions,
      confirmMs: confirmedAt.map((at, i) => {
        const sent = submissions[i];
        return at === null || !sent ? null : at - sent.writtenAt;
      }),
    };
  }

  close(): Promise<void> {
    return this.fake.close();
  }
}

type ParentMessage =
  | { type: "start"; users: { userId: string }[] }
  | { type: "run"; eventsUrl: string; secret: string; users: LoadUser[] };

/** The child's side of the protocol (see the top of this file). */
function serveParent(): void {
  let load: SlackLoad | undefined;
  const send = (message: unknown) => process.send!(message);
  process.on("message", (message: ParentMessage) => {
    void (async () => {
      if (message.type === "start") {
        load = await SlackLoad.start(message.users);
        send({ type: "fake", url: load.fake.url, token: load.fake.token });
        return;
      }
      const result = await load!.run(message.eventsUrl, message.secret, message.users, (name) =>
        send({ type: "phase", name }),
      );
      await load!.close();
      send({ type: "done", result });
      process.disconnect();
    })().catch((error: unknown) => {
      send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      process.disconnect();
    });
  });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) serveParent();
