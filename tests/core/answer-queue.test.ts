import { describe, expect, it } from "vitest";
import { createAnswerQueue, type HandedOffAnswer } from "../../src/core/chat/answer-queue.js";
import { createInboundAdmission } from "../../src/core/chat/inbound-admission.js";
import { waitUntil } from "../support/wait-until.js";
import { DeliveryError, type Address } from "../../src/core/chat/inbound.js";
import type { Outbound } from "../../src/core/chat/outbound.js";

// The answer queue's rules on their own (the adapters' tests run it against the fake platforms):
// a chat's answers in order, later answers following an earlier one into the outbox, a stop that
// hands over what waits, refusals dropped, and logs without the text. Time is a counter moved by
// the queue's own waits.

const text = (t: string): Outbound => ({ blocks: [{ type: "text", text: t }], summary: t });
const to = (chatId: string): Address => ({ platform: "telegram", chatId });

function setup(send: (to: Address, message: Outbound) => Promise<unknown>) {
  let time = 0;
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields, message });
  const kept: HandedOffAnswer[] = [];
  const marked: string[] = [];
  let outboxDown = false;
  const queue = createAnswerQueue({
    send,
    toDeliveryError: (error) =>
      error instanceof DeliveryError ? error : new DeliveryError("transient", String(error)),
    log: { info: at("info"), warn: at("warn"), error: at("error") },
    outbox: {
      handOff: async (answer) => {
        if (outboxDown) throw new Error(`cannot keep ${answer.message.summary}`);
        kept.push(answer);
      },
      sent: async (key) => void marked.push(key),
    },
    now: () => time,
    sleep: async (ms) => void (time += ms),
    handOffAfterMs: 5_000,
  });
  return { queue, lines, kept, marked, setOutboxDown: (down: boolean) => (outboxDown = down) };
}

describe("the answer queue", () => {
  it("sends a chat's answers in order; once one goes to the outbox, the ones behind it follow it there", async () => {
    const sent: string[] = [];
    const { queue, kept } = setup(async (_to, message) => {
      if (message.summary === "二" && !sent.includes("二-refused")) {
        sent.push("二-refused");
        throw new DeliveryError("rate_limited", "telegram 429", 30_000);
      }
      sent.push(message.summary);
    });
    const outcomes = await Promise.all(
      ["一", "二", "三"].map((t, i) => queue.answer({ to: to("1"), message: text(t), key: `k#${i}` })),
    );
    expect(outcomes).toEqual(["sent", "handed-off", "handed-off"]);
    expect(sent).toEqual(["一", "二-refused"]);
    expect(kept.map((k) => [k.key, k.message.summary])).toEqual([
      ["k#1", "二"],
      ["k#2", "三"],
    ]);
    // The 429's wait goes with it: the outbox does not send it before.
    expect(kept[0]!.notBefore.getTime()).toBe(30_000);
  });

  it("marks a kept answer (a report's confirmation, already an outbox row) sent, and hands it on when refused", async () => {
    const { queue, kept, marked } = setup(async (_to, message) => {
      if (message.summary === "拒绝")
        throw new DeliveryError("unreachable", "telegram 403: bot was blocked by the user");
    });
    expect(await queue.answer({ to: to("4"), message: text("已保存"), key: "c", kept: true })).toBe("sent");
    expect(await queue.answer({ to: to("4"), message: text("普通"), key: "p" })).toBe("sent");
    expect(marked).toEqual(["c"]);
    // The outbox records the refusal where the office sees it; a kept answer is never just dropped.
    expect(await queue.answer({ to: to("5"), message: text("拒绝"), key: "r", kept: true })).toBe("handed-off");
    expect(kept.map((k) => k.key)).toEqual(["r"]);
    expect(marked).toEqual(["c"]);
  });

  it("retries a network error within the window, and gives up a refused answer without the outbox", async () => {
    let tries = 0;
    const { queue, kept, lines } = setup(async (_to, message) => {
      tries++;
      if (message.summary === "网络" && tries < 3) throw new Error("ECONNRESET");
      if (message.summary === "拒绝") throw new DeliveryError("rejected", "telegram 400: chat not found");
    });
    expect(await queue.answer({ to: to("2"), message: text("网络"), key: "n" })).toBe("sent");
    expect(tries).toBe(3);
    expect(await queue.answer({ to: to("3"), message: text("拒绝"), key: "r" })).toBe("dropped");
    expect(kept).toEqual([]);
    expect(lines.find((l) => l.message === "answer refused by the platform")?.fields).toMatchObject({
      chatId: "3",
      key: "r",
      kind: "rejected",
    });
  });

  it("hands what waits to the outbox on stop, and logs an outbox failure by the error's name, not the text", async () => {
    let release: () => void = () => undefined;
    let began: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const sending = new Promise<void>((resolve) => (began = resolve));
    const { queue, kept, lines, setOutboxDown } = setup(async (_to, message) => {
      if (message.summary !== "慢") return;
      began();
      await held;
    });
    const slow = queue.answer({ to: to("4"), message: text("慢"), key: "s" });
    const behind = queue.answer({ to: to("4"), message: text("后面的"), key: "b" });
    // Stopped while the first is being sent: that one finishes, the one behind it is kept.
    await sending;
    const stopping = queue.stop();
    release();
    await stopping;
    expect(await slow).toBe("sent");
    expect(await behind).toBe("handed-off");
    expect(kept.map((k) => k.key)).toEqual(["b"]);

    setOutboxDown(true);
    expect(await queue.answer({ to: to("5"), message: text("机密内容"), key: "x" })).toBe("dropped");
    const lost = lines.find((l) => l.message.startsWith("answer lost"));
    expect(lost?.fields).toMatchObject({ chatId: "5", key: "x", err: "Error" });
    expect(lines.some((l) => JSON.stringify(l).includes("机密内容"))).toBe(false);
  });

  it("sends nothing while a request waits for its acknowledgement (the admission's gate), then sends in order", async () => {
    const admission = createInboundAdmission({ trickleMs: 600_000 });
    const sent: string[] = [];
    let holding = 0;
    const queue = createAnswerQueue({
      send: async (_to, message) => void sent.push(message.summary),
      toDeliveryError: (error) => new DeliveryError("transient", String(error)),
      log: { info: () => undefined, warn: () => undefined, error: () => undefined },
      hold: async () => {
        holding += 1;
        await admission.pass();
      },
    });
    const answered = admission.arrived();
    const outcomes = Promise.all(
      ["一", "二"].map((t, i) => queue.answer({ to: to("6"), message: text(t), key: `h#${i}` })),
    );
    // The first answer has reached the gate (the second waits behind it in the chat's line): nothing is sent.
    await waitUntil(() => holding === 1, 10_000, "the first answer at the gate");
    expect(sent).toEqual([]);
    answered();
    expect(await outcomes).toEqual(["sent", "sent"]);
    expect(sent).toEqual(["一", "二"]);
  });
});
