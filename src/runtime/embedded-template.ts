import { createHash } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { packageRoot } from "../package-root.js";
import { createPrismaClient } from "../store/client.js";
import { migrateEmbedded } from "../store/embedded-migrations.js";
import { DEFAULT_SEED_DIR, readSeedDir } from "./seed-files.js";
import { seedFromDir } from "./seed-runner.js";

// The first `zhuanban start` on an empty data directory unpacks a template written by `npm run
// build` instead of running PostgreSQL's initdb in WebAssembly, every migration and the seed one
// row at a time (together the whole of a first start): a migrated PGlite data directory holding the
// Hunan 2023 plan, as a gzipped tar. Its stamp names the seed files it holds; when they have changed
// since the build, the template is not used and the start does it all the slow way.

const DIST = path.join(packageRoot(import.meta.url), "dist");
export const EMBEDDED_TEMPLATE = path.join(DIST, "embedded-template.tar.gz");
const STAMP = path.join(DIST, "embedded-template.json");

interface Stamp {
  seedDigest: string;
}

/** SHA-256 over the seed files' names and texts, as `zhuanban seed` reads them. */
async function seedDigest(dir: string): Promise<string> {
  const hash = createHash("sha256");
  for (const file of await readSeedDir(dir)) hash.update(`${file.name}\0${file.text}\0`);
  return hash.digest("hex");
}

/**
 * The seeded template for a new database that is to be loaded from `seedDir` (null: not seeded); undefined
 * when it does not fit (another seed folder, or none) or there is none (no build) or its seed files changed.
 */
export async function readSeededTemplate(seedDir: string | null = DEFAULT_SEED_DIR): Promise<Blob | undefined> {
  if (seedDir === null || path.resolve(seedDir) !== DEFAULT_SEED_DIR) return undefined;
  let stamp: Stamp;
  try {
    stamp = JSON.parse(await readFile(STAMP, "utf8")) as Stamp;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (stamp.seedDigest !== (await seedDigest(DEFAULT_SEED_DIR))) return undefined;
  return new Blob([await readFile(EMBEDDED_TEMPLATE)]);
}

/** `npm run build`: initdb in memory, every migration, the default seed, then the data directory as a tar. */
export async function writeEmbeddedTemplate(): Promise<number> {
  // Loaded here only: a start on a PostgreSQL server never loads PGlite.
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const db = await PGlite.create();
  try {
    await migrateEmbedded(db);
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 });
    await server.start();
    const prisma = createPrismaClient(
      `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
      1,
      { namedStatements: false },
    );
    try {
      await seedFromDir(prisma, DEFAULT_SEED_DIR);
    } finally {
      await prisma.$disconnect();
      await server.stop();
    }
    const tar = Buffer.from(await (await db.dumpDataDir("gzip")).arrayBuffer());
    // Written aside and renamed, so that a start never reads half a file.
    await writeFile(`${EMBEDDED_TEMPLATE}.tmp`, tar);
    await rename(`${EMBEDDED_TEMPLATE}.tmp`, EMBEDDED_TEMPLATE);
    const stamp: Stamp = { seedDigest: await seedDigest(DEFAULT_SEED_DIR) };
    await writeFile(STAMP, `${JSON.stringify(stamp)}\n`);
    return tar.length;
  } finally {
    await db.close();
  }
}
