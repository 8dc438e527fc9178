/**
 * Users' display names from users.info, cached so that a busy channel costs one lookup per user
 * an hour rather than one per message. A failed lookup is not cached and never blocks an answer.
 */
export class UserNames {
  private readonly cache = new Map<string, { name: string; at: number }>();

  constructor(
    private readonly lookup: (userId: string) => Promise<string | undefined>,
    private readonly options: { ttlMs?: number; capacity?: number; now?: () => number } = {},
  ) {}

  async nameOf(userId: string): Promise<string | undefined> {
    const now = this.options.now?.() ?? Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < (this.options.ttlMs ?? 3_600_000)) return hit.name;
    const name = await this.lookup(userId);
    if (name === undefined) return hit?.name;
    this.cache.delete(userId);
    this.cache.set(userId, { name, at: now });
    // Oldest first out, to keep memory bounded in a large workspace.
    while (this.cache.size > (this.options.capacity ?? 10_000)) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return name;
  }
}
