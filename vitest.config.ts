import { defineConfig } from "vitest/config";

// Two projects: pure unit tests need no database; the rest share a migrated template
// database on the local PostgreSQL server, cloned per test file (tests/support/).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/domain/**/*.test.ts", "tests/render/**/*.test.ts", "tests/console/**/*.test.ts"],
          // Generous: the suite must pass beside a CPU-heavy job (a chart or a .docx takes seconds there).
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "db",
          include: ["tests/**/*.test.ts"],
          // tests/chaos runs apart: `npm run chaos` (vitest.chaos.config.ts).
          exclude: ["tests/domain/**", "tests/render/**", "tests/console/**", "tests/chaos/**"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          pool: "forks",
        },
      },
    ],
  },
});
