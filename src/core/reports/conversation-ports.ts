/** Stored conversation state, so a guided report survives a restart (src/store/conversation-store.ts). */
export interface ConversationStore {
  get(identityId: string, now: Date): Promise<{ flow: string; state: unknown } | null>;
  save(identityId: string, flow: string, state: unknown, expiresAt: Date): Promise<void>;
  clear(identityId: string): Promise<boolean>;
}
