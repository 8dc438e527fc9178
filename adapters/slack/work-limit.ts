/**
 * At most `limit` pieces of work at once; the rest wait their turn, in order. The Slack adapter
 * runs the core through it so that a burst of requests cannot fill the event loop with database
 * work: new requests keep being read and acknowledged within Slack's 3 seconds while earlier ones
 * are answered.
 */
export function createWorkLimit(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(work: () => Promise<T>): Promise<T> {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await work();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
