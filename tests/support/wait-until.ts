import { setTimeout as delay } from "node:timers/promises";

/**
 * Polls (for real) until `ready` holds, for at most `ms`. Tests wait for the event they need with
 * this, never for a number of event-loop turns: on a loaded machine a database answer can take
 * longer than any fixed count of turns.
 */
export async function waitUntil(ready: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(5);
  }
}
