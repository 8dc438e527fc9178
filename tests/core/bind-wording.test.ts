import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { basicBot, event, manualClock, replyText } from "../support/bot-harness.js";
import { createTestDatabase, type TestDatabase } from "../support/test-database.js";

// What a newly bound person is told to do next depends on who they are.

let db: TestDatabase;
const clock = manualClock("2023-01-16T02:00:00Z");

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFromDir(db.prisma);
});
afterAll(async () => {
  await db.drop();
});

describe("the bind confirmation", () => {
  it("points the office at /status, not /tasks: it has no tasks of its own", async () => {
    const h = basicBot(db.prisma, clock);
    const code = await h.invite(undefined, "c-ms-office");
    const ok = replyText(await h.bot.handle(event("u-office-dm", { kind: "command", command: "bind", args: code })));
    expect(ok).toContain("绑定成功");
    expect(ok).toContain("发送 /status 查看专班本期报送情况");
    expect(ok).not.toContain("/tasks");
  });
});
