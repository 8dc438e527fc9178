import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../src/store/migrate.js";
import { adminUrl, templateName, urlFor, withAdmin } from "./postgres.js";

/**
 * Migrates one template database per migration history; every test file clones it
 * (CREATE DATABASE ... TEMPLATE), which is far faster than migrating each one.
 */
export default async function setup(project: TestProject): Promise<void> {
  const template = await templateName();
  await withAdmin(async (admin) => {
    await admin.query("SELECT 1").catch((error: unknown) => {
      throw new Error(`PostgreSQL is not answering at ${adminUrl}: ${String(error)}`);
    });
    const found = await admin.query("SELECT datistemplate FROM pg_database WHERE datname = $1", [template]);
    if (found.rows[0]?.datistemplate) return;
    // A half-built template from an interrupted run is rebuilt from scratch.
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${template}"`);
    await applyMigrations(urlFor(template));
    await admin.query(`ALTER DATABASE "${template}" WITH IS_TEMPLATE true`);
  });
  project.provide("templateDatabase", template);
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
