// What the tests of real `zhuanban start` processes on the Telegram webhook share (tests/e2e/
// intake-process.test.ts, tests/chaos/): a PostgreSQL cluster of their own (to stop and start), the
// seeded plan with one contact bound on Telegram, the fake Bot API, and Telegram's side of the
// webhook: reports as updates, delivered again until answered 200, and counted once stored.
import { seedFromDir } from "../../src/runtime/seed-runner.js";
import { createPrismaClient, type PrismaClient } from "../../src/store/client.js";
import { FakeBotApi } from "../fakes/telegram/fake-bot-api.js";
import { deliver, ensureBuilt, textUpdate, waitUntil } from "./bot-process.js";
import { startPrivatePostgres, type PrivatePostgres } from "./private-postgres.js";

/** A contact of the seeded plan (c-hrss) on Telegram, who reports. */
export const REPORTER = 7001;
/** The plan's clock starts here (the seeded 2023 plan). */
export const CLOCK_START = "2023-01-18T09:00:00+08:00";

export type ReportUpdate = ReturnType<typeof textUpdate>;

export interface IntakeWorld {
  readonly pg: PrivatePostgres;
  readonly prisma: PrismaClient;
  readonly api: FakeBotApi;
  /** `count` reports from REPORTER on MS-03, each its own update (message id = update id). */
  reports(count: number, label: string): ReportUpdate[];
  /** Stored report versions per update id, among these updates. */
  stored(updates: readonly { update_id: number }[]): Promise<Map<string, number>>;
  /** The "已保存" confirmations REPORTER got. */
  confirmations(): number;
  /** How many "已保存" confirmations REPORTER got for each of these updates (by update id). */
  confirmationsOf(updates: readonly ReportUpdate[]): Map<string, number>;
  close(): Promise<void>;
}

export async function startIntakeWorld(options: { enforceLimits?: boolean } = {}): Promise<IntakeWorld> {
  await ensureBuilt();
  const pg = await startPrivatePostgres();
  const prisma = createPrismaClient(pg.url, 2);
  await seedFromDir(prisma);
  const contact = await prisma.contact.findUniqueOrThrow({ where: { key: "c-hrss" } });
  await prisma.chatIdentity.create({
    data: {
      platform: "telegram",
      platformUserId: String(REPORTER),
      directChatId: String(REPORTER),
      contactId: contact.id,
      boundAt: new Date(),
    },
  });
  const api = new FakeBotApi({ enforceLimits: options.enforceLimits ?? false });
  await api.start();
  let nextUpdate = 10_000;
  return {
    pg,
    prisma,
    api,
    reports: (count, label) =>
      Array.from({ length: count }, (_, i) =>
        textUpdate(
          nextUpdate++,
          REPORTER,
          `报送 MS-03 2023-01-X2\n城镇新增就业：${i + 1}万人\n状态：正常推进\n进展：${label} ${i + 1}`,
        ),
      ),
    async stored(updates) {
      const rows = await prisma.report.findMany({
        where: { sourceMessageId: { in: updates.map((u) => String(u.update_id)) } },
        select: { sourceMessageId: true },
      });
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(row.sourceMessageId!, (counts.get(row.sourceMessageId!) ?? 0) + 1);
      return counts;
    },
    confirmations: () => api.textsTo(REPORTER).filter((text) => text.includes("已保存")).length,
    confirmationsOf(updates) {
      const saved = api.textsTo(REPORTER).filter((text) => text.includes("已保存"));
      // Each report's 进展 ("kill 7") is its own, and the confirmation repeats it as a field line.
      return new Map(
        updates.map((u) => {
          const progress = /进展：(.*)$/m.exec(u.message.text)![1]!;
          const line = new RegExp(`：${progress}(\n|$)`);
          return [String(u.update_id), saved.filter((text) => line.test(text)).length];
        }),
      );
    },
    async close() {
      await api.stop();
      await prisma.$disconnect();
      await pg.destroy();
    },
  };
}

/**
 * Telegram's side: delivers again every update whose last answer (`statuses`) was not 200, until
 * all are (Telegram retries a webhook delivery that got no 2xx).
 */
export async function redeliverUntilTaken(
  webhookUrl: string,
  updates: readonly { update_id: number }[],
  statuses: Map<number, number>,
  ms = 120_000,
): Promise<void> {
  await waitUntil(
    async () => {
      const open = updates.filter((u) => (statuses.get(u.update_id) ?? 0) !== 200);
      if (open.length === 0) return true;
      await Promise.all(open.map(async (u) => statuses.set(u.update_id, await deliver(webhookUrl, u))));
      return false;
    },
    ms,
    "every update to be taken",
  );
}
