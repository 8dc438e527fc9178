import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// Migrations run through the JavaScript schema engine and the pg driver adapter,
// because native engines cannot be downloaded on our machines (../shared/STACK.md).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://placeholder@localhost/none" }),
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
