/**
 * Waiting, injected like the clock so that tests run on simulated time. Resolves after `ms`, or
 * early (without throwing) when `signal` aborts; callers check the signal afterwards.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Real waiting, on the event loop's timers. */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
