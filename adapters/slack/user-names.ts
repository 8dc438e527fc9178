/** What the adapter reads of a Slack user: the name to show and, with users:read.email, the e-mail. */
export interface UserProfile {
  name?: string | undefined;
  email?: string | undefined;
}

/**
 * Users' profiles from users.info, cached so that a busy channel costs one lookup per user an
 * hour rather than one per message. A failed lookup is not cached and never blocks an answer.
 */
export class UserNames {
  private readonly cache = new Map<string, { profile: UserProfile; at: number }>();

  constructor(
    private readonly lookup: (userId: string) => Promise<UserProfile | undefined>,
    private readonly options: { ttlMs?: number; capacity?: number; now?: () => number } = {},
  ) {}

  async profileOf(userId: string): Promise<UserProfile> {
    const now = this.options.now?.() ?? Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < (this.options.ttlMs ?? 3_600_000)) return hit.profile;
    const profile = await this.lookup(userId);
    if (profile === undefined) return hit?.profile ?? {};
    this.cache.delete(userId);
    this.cache.set(userId, { profile, at: now });
    // Oldest first out, to keep memory bounded in a large workspace.
    while (this.cache.size > (this.options.capacity ?? 10_000)) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
    return profile;
  }
}
