import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DigestContent } from "../../src/core/digest/digest-content.js";
import { createDigestStore } from "../../src/store/digest-store.js";
import { buildBasics } from "../support/builders.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe("digest posts and threads", () => {
  it("keeps the first post of a period as the thread root for later versions in that channel", async () => {
    const store = createDigestStore(db.prisma);
    const { group, period } = await buildBasics(db.prisma, "-digest");
    const channel = await db.prisma.groupChannel.create({
      data: { groupId: group.id, platform: "slack", chatId: "C1", boundAt: new Date("2023-01-01T00:00:00Z") },
    });
    const content = {} as DigestContent;
    expect(await store.threadRoot(channel.id, period.id)).toBeNull();

    await store.saveDigest({
      final: true,
      groupId: group.id,
      periodId: period.id,
      builtAt: new Date("2023-01-21T01:00:00Z"),
      content,
    });
    await store.recordPost({
      groupId: group.id,
      periodId: period.id,
      channelId: channel.id,
      platformMessageId: "1674262800.000100",
      threadRootId: null,
      at: new Date("2023-01-21T01:00:05Z"),
    });
    expect(await store.threadRoot(channel.id, period.id)).toBe("1674262800.000100");

    // A late report arrives; version 2 goes into the thread of the first post.
    await store.saveDigest({
      final: true,
      groupId: group.id,
      periodId: period.id,
      builtAt: new Date("2023-01-22T01:00:00Z"),
      content,
    });
    await store.recordPost({
      groupId: group.id,
      periodId: period.id,
      channelId: channel.id,
      platformMessageId: "1674349200.000200",
      threadRootId: "1674262800.000100",
      at: new Date("2023-01-22T01:00:05Z"),
    });
    expect(await store.threadRoot(channel.id, period.id)).toBe("1674262800.000100");
    expect(await db.prisma.digestPost.count()).toBe(2);
  });
});
