import { describe, expect, it } from "vitest";
import { createInboundAdmission } from "../../src/core/chat/inbound-admission.js";

// The admission's rules on their own, on turns and trickle ticks that the test moves by hand (the
// Slack tests run it against real requests): acknowledgements first, a turn without arrivals
// before work goes on, work in order and bounded, a trickle through a gate that stays shut.

/** Turns of the event loop, moved by the test: each `turn()` lets everything waiting for one go on. */
function manualTurns() {
  let waiting: (() => void)[] = [];
  return {
    nextTurn: () => new Promise<void>((resolve) => waiting.push(resolve)),
    async turn() {
      const now = waiting;
      waiting = [];
      for (const resolve of now) resolve();
      await settle();
    },
  };
}

/** A trickle clock moved by the test. */
function manualTicks() {
  let tick: (() => void) | null = null;
  return {
    every: (_ms: number, fn: () => void) => {
      tick = fn;
      return () => void (tick = null);
    },
    async tick() {
      tick?.();
      await settle();
    },
    get running() {
      return tick !== null;
    },
  };
}

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lets every promise already resolved run its continuations (no timers, no turns). */
async function settle() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function setup(concurrency = 8) {
  const turns = manualTurns();
  const ticks = manualTicks();
  const admission = createInboundAdmission({ concurrency, nextTurn: turns.nextTurn, every: ticks.every });
  return { admission, turns, ticks };
}

describe("inbound admission", () => {
  it("lets no work past while a request waits for its acknowledgement, and lets it go a whole turn after the last", async () => {
    const { admission, turns } = setup();
    const log: string[] = [];
    const first = admission.arrived();
    const second = admission.arrived();
    void admission.pass().then(() => log.push("statement"));
    void admission.run(async () => void log.push("core work"));
    await settle();
    first();
    await turns.turn();
    await turns.turn();
    expect(log).toEqual([]);
    second();
    expect(admission.open).toBe(false);
    await turns.turn();
    expect(log).toEqual([]);
    await turns.turn();
    expect(log).toEqual(["statement", "core work"]);
    expect(admission.open).toBe(true);
  });

  it("stays shut when a request arrives in the turn after the last answer (read one poll phase after its connection)", async () => {
    const { admission, turns } = setup();
    const log: string[] = [];
    admission.arrived()();
    void admission.pass().then(() => log.push("statement"));
    await turns.turn();
    // The next request of the burst: accepted in the poll phase just gone, read now.
    const next = admission.arrived();
    next();
    await turns.turn();
    expect(log).toEqual([]);
    await turns.turn();
    await turns.turn();
    expect(log).toEqual(["statement"]);
  });

  it("passes at once while no request waits, and counts a request answered twice once", async () => {
    const { admission, turns } = setup();
    let passed = false;
    void admission.pass().then(() => (passed = true));
    await settle();
    expect(passed).toBe(true);
    const release = admission.arrived();
    admission.arrived()();
    release();
    release();
    expect(admission.awaiting).toBe(0);
    await turns.turn();
    await turns.turn();
    expect(admission.open).toBe(true);
  });

  it("runs at most `concurrency` pieces at once, the rest in order", async () => {
    const { admission } = setup(2);
    const gates = [0, 1, 2, 3].map(() => deferred());
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const all = gates.map((gate, i) =>
      admission.run(async () => {
        running += 1;
        most = Math.max(most, running);
        started.push(i);
        await gate.promise;
        running -= 1;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    // A newcomer queues behind the waiting piece; a slot freed goes to the next in line.
    const late = admission.run(async () => void started.push(4));
    gates[0]!.resolve();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    gates[2]!.resolve();
    gates[3]!.resolve();
    await Promise.all([...all, late]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it("starts urgent work (an answer to the platform waits for it) at once, beside the others", async () => {
    const { admission } = setup(1);
    const hold = deferred();
    void admission.run(() => hold.promise);
    admission.arrived();
    expect(await admission.run(async () => "answer", { urgent: true })).toBe("answer");
    hold.resolve();
  });

  it("lets one waiter through per trickle tick while the gate stays shut, in order", async () => {
    const { admission, ticks } = setup();
    const log: number[] = [];
    admission.arrived();
    for (const i of [1, 2, 3]) void admission.pass().then(() => log.push(i));
    await settle();
    expect(ticks.running).toBe(true);
    await ticks.tick();
    expect(log).toEqual([1]);
    await ticks.tick();
    expect(log).toEqual([1, 2]);
    await ticks.tick();
    expect(log).toEqual([1, 2, 3]);
    // Nobody left waiting: the trickle stops.
    expect(ticks.running).toBe(false);
  });
});
