import { defineConfig } from "vitest/config";

// The chaos test (tests/chaos/): real `zhuanban start` processes, a PostgreSQL cluster of its own
// that it stops and starts, the fake Telegram. Run with `npm run chaos` (also in .ci/run).
export default defineConfig({
  test: {
    include: ["tests/chaos/**/*.test.ts"],
    // The private cluster is loaded from the migrated template database (tests/support/).
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
