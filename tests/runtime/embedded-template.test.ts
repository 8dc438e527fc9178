// The build's embedded template holds the default plan: a start that is to load another seed folder,
// or none, must not get it (it would find the Hunan plan in a database meant for something else).
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readSeededTemplate } from "../../src/runtime/embedded-template.js";
import { DEFAULT_SEED_DIR } from "../../src/runtime/seed-files.js";

describe("the seeded template of the embedded database", () => {
  it("is offered for the default plan only, never for another seed folder or an unseeded start", async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), "zb-other-seed-"));
    try {
      expect(await readSeededTemplate(other)).toBeUndefined();
      expect(await readSeededTemplate(null)).toBeUndefined();
      // The default folder written another way is still the default.
      const fromHere = path.relative(process.cwd(), DEFAULT_SEED_DIR);
      const offered = await readSeededTemplate(fromHere);
      const direct = await readSeededTemplate(DEFAULT_SEED_DIR);
      expect(offered === undefined).toBe(direct === undefined);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
