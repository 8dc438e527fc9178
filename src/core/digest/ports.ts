import type { DigestContent } from "./digest-content.js";

/** Stored digests (implemented in src/store/digest-store.ts). */
export interface DigestStore {
  /** Stores a new version of the period's digest; returns its version (1 for the first). */
  saveDigest(input: { groupId: string; periodId: string; builtAt: Date; content: DigestContent }): Promise<number>;
  /** The group's bound channels, where digests are posted. */
  channelsOf(groupId: string): Promise<{ id: string; platform: string; chatId: string }[]>;
}
