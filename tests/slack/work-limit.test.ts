import { describe, expect, it } from "vitest";
import { createAckCounter, createWorkLimit } from "../../adapters/slack/work-limit.js";

// The Slack adapter's core-work limit: acknowledgements first. While a request waits for its ack,
// no new core work starts (work already running goes on), so a burst of requests is acknowledged
// before the database work it causes takes the event loop; a steady stream cannot hold work forever.
const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("the Slack adapter's core-work limit", () => {
  it("starts no new work while a request waits for its ack, and starts it once the acks are done", async () => {
    const acks = createAckCounter();
    const run = createWorkLimit(8, { acks });
    const started: string[] = [];
    acks.begin();
    acks.begin();
    const work = run(async () => void started.push("core"));
    await tick();
    expect(started).toEqual([]);
    acks.end();
    await tick();
    expect(started).toEqual([]);
    acks.end();
    await work;
    expect(started).toEqual(["core"]);
  });

  it("does not hold work longer than its limit when acks keep coming", async () => {
    const acks = createAckCounter();
    const run = createWorkLimit(8, { acks, maxDeferMs: 50 });
    acks.begin();
    const began = performance.now();
    await run(async () => undefined);
    expect(performance.now() - began).toBeGreaterThanOrEqual(45);
    expect(acks.pending).toBe(1);
  });

  it("runs urgent work (an ack waits for it) at once", async () => {
    const acks = createAckCounter();
    const run = createWorkLimit(8, { acks, maxDeferMs: 10_000 });
    acks.begin();
    expect(await run(async () => "answer", true)).toBe("answer");
  });

  it("runs at most `limit` pieces at once, the rest in order", async () => {
    const run = createWorkLimit(2);
    const gates = [deferred(), deferred(), deferred()];
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const all = gates.map((gate, i) =>
      run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await gate.promise;
        running -= 1;
      }),
    );
    await tick();
    expect(order).toEqual([0, 1]);
    gates[0]!.resolve();
    await tick();
    expect(order).toEqual([0, 1, 2]);
    gates[1]!.resolve();
    gates[2]!.resolve();
    await Promise.all(all);
    expect(most).toBe(2);
  });
});
