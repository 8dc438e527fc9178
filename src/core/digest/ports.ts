import type { DigestContent } from "./digest-content.js";

/** Stored digests (implemented in src/store/digest-store.ts). */
export interface DigestStore {
  /** Stores a new version of the period's digest; returns its version (1 for the first). */
  saveDigest(input: {
    groupId: string;
    periodId: string;
    builtAt: Date;
    /** False for a digest built before the period's deadline (截至 …). */
    final: boolean;
    content: DigestContent;
  }): Promise<number>;
  /**
   * The first post of this period's digest in this channel, if any: later versions (a late report
   * arrived) go into its thread on platforms that have threads.
   */
  threadRoot(channelId: string, periodId: string): Promise<string | null>;
  /**
   * The newest version of the period's digest posted in this channel, if any: an update posted
   * after it says what changed since (src/render/digest-update-blocks.ts).
   */
  postedContent(channelId: string, periodId: string): Promise<DigestContent | null>;
  /** Remembers where the latest version of a period's digest was posted. */
  recordPost(input: {
    groupId: string;
    periodId: string;
    channelId: string;
    platformMessageId: string;
    threadRootId: string | null;
    at: Date;
  }): Promise<void>;
  /**
   * Channels whose latest posted digest of a period was built before a report of that period was
   * submitted (a late report, a correction): their digest is out of date.
   */
  staleDigestPosts(): Promise<StaleDigestPost[]>;
  /** The group's bound channels, where digests are posted. */
  channelsOf(groupId: string): Promise<{ id: string; platform: string; chatId: string }[]>;
}

/** A channel whose latest digest of a period is older than a report of that period. */
export interface StaleDigestPost {
  groupKey: string;
  groupId: string;
  periodId: string;
  periodKey: string;
  channelId: string;
  platform: "slack" | "telegram" | "console";
  chatId: string;
  /** The newest report submitted after that digest was built: it names the update, once. */
  newestReportId: string;
}
