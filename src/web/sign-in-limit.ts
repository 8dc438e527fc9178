/**
 * Sign-in attempts per client address in a sliding window: a link token has 256 bits, so this
 * is not what keeps guessing out; it keeps a script from filling the log and the database.
 */
export function createSignInLimit(options: { max: number; windowMs: number; now: () => number }) {
  const attempts = new Map<string, number[]>();
  return {
    /** Records an attempt; false when this address has used up its window. */
    allow(address: string): boolean {
      const now = options.now();
      const recent = (attempts.get(address) ?? []).filter((t) => now - t < options.windowMs);
      if (recent.length >= options.max) {
        attempts.set(address, recent);
        return false;
      }
      recent.push(now);
      attempts.set(address, recent);
      // Forget quiet addresses now and then, so the map cannot grow without bound.
      if (attempts.size > 10_000)
        for (const [key, times] of attempts) if (times.every((t) => now - t >= options.windowMs)) attempts.delete(key);
      return true;
    },
  };
}
