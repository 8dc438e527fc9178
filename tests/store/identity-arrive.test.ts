// The identity store's one query per inbound event: dedupe, identity, contact, conversation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createIdentityStore } from "../../src/store/identity-store.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

let db: TestDatabase;
const at = new Date("2023-01-16T02:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
});
afterAll(async () => {
  await db.drop();
});

describe("arrive", () => {
  it("creates an unknown sender's identity, unbound, with no actor", async () => {
    const store = createIdentityStore(db.prisma);
    const arrival = await store.arrive({ platform: "telegram", platformUserId: "new-1", eventId: "ev-1", at });
    expect(arrival).toMatchObject({ duplicate: false, actor: null, conversation: null });
    const row = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "new-1" } });
    expect(arrival.duplicate ? null : arrival.identity).toEqual({
      id: row.id,
      platform: "telegram",
      platformUserId: "new-1",
      contactId: null,
      lockedUntil: null,
    });
  });

  it("reads the bound contact with units and group roles, and the stored conversation", async () => {
    const store = createIdentityStore(db.prisma);
    const contact = await db.prisma.contact.findFirstOrThrow({
      where: { unitRoles: { some: { unit: { key: "hrss" } } } },
    });
    const identity = await db.prisma.chatIdentity.create({
      data: { platform: "telegram", platformUserId: "bound-1", contactId: contact.id, updatedAt: at },
    });
    const expiresAt = new Date(at.getTime() + 3600_000);
    await db.prisma.conversationState.create({
      data: { identityId: identity.id, flow: "guided-report", state: { step: 2 }, expiresAt },
    });
    const arrival = await store.arrive({ platform: "telegram", platformUserId: "bound-1", eventId: "ev-2", at });
    if (arrival.duplicate) throw new Error("not a duplicate");
    expect(arrival.actor).toEqual(await store.actor(contact.id));
    expect(arrival.actor?.units.map((u) => u.key)).toContain("hrss");
    expect(arrival.conversation).toEqual({ flow: "guided-report", state: { step: 2 }, expiresAt });
  });

  it("answers duplicate for an event id marked processed, and then leaves the identity alone", async () => {
    const store = createIdentityStore(db.prisma);
    const first = await store.arrive({ platform: "slack", platformUserId: "U1", eventId: "Ev1", at });
    expect(first.duplicate).toBe(false);
    // Arriving marks nothing: until its work is done, a redelivery is handled (a crash loses nothing).
    const redelivered = await store.arrive({ platform: "slack", platformUserId: "U1", eventId: "Ev1", at });
    expect(redelivered.duplicate).toBe(false);
    await store.markProcessed({ platform: "slack", eventId: "Ev1", at });
    await store.markProcessed({ platform: "slack", eventId: "Ev1", at });
    await db.prisma.chatIdentity.updateMany({ where: { platformUserId: "U1" }, data: { unreachableAt: at } });
    const again = await store.arrive({
      platform: "slack",
      platformUserId: "U1",
      directChatId: "D1",
      eventId: "Ev1",
      at,
    });
    expect(again).toEqual({ duplicate: true });
    const row = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "U1" } });
    expect(row).toMatchObject({ unreachableAt: at, directChatId: null });
    // The same id on another platform is another event.
    expect((await store.arrive({ platform: "telegram", platformUserId: "U1", eventId: "Ev1", at })).duplicate).toBe(
      false,
    );
  });

  it("without an event id never answers duplicate, and keeps a known display name when none is given", async () => {
    const store = createIdentityStore(db.prisma);
    await store.arrive({ platform: "console", platformUserId: "c-1", displayName: "王五", at });
    const again = await store.arrive({ platform: "console", platformUserId: "c-1", at });
    expect(again.duplicate).toBe(false);
    const row = await db.prisma.chatIdentity.findFirstOrThrow({ where: { platformUserId: "c-1" } });
    expect(row.displayName).toBe("王五");
  });
});
