import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readSeedDir, SeedDirError } from "../../../src/runtime/seed-files.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "zhuanban-seed-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readSeedDir", () => {
  it("reads the .yaml, .yml and .json files directly inside the folder, sorted by name", async () => {
    await writeFile(join(dir, "units.yaml"), "units: []\n");
    await writeFile(join(dir, "a.yml"), "groups: []\n");
    await writeFile(join(dir, "b.JSON"), "{}");
    await writeFile(join(dir, "README.md"), "# not seed data\n");
    await mkdir(join(dir, "nested.yaml"));
    await mkdir(join(dir, "sub"));
    await writeFile(join(dir, "sub", "c.yaml"), "units: []\n");
    expect(await readSeedDir(dir)).toEqual([
      { name: "a.yml", text: "groups: []\n" },
      { name: "b.JSON", text: "{}" },
      { name: "units.yaml", text: "units: []\n" },
    ]);
  });

  it("says clearly when the folder is missing, is a file, or holds no seed file", async () => {
    const missing = join(dir, "nope");
    await expect(readSeedDir(missing)).rejects.toThrow(
      new SeedDirError(missing, `seed directory ${missing} does not exist`),
    );
    const file = join(dir, "file.yaml");
    await writeFile(file, "units: []\n");
    await expect(readSeedDir(file)).rejects.toThrow(`seed directory ${file} is not a directory`);
    await rm(file);
    await expect(readSeedDir(dir)).rejects.toBeInstanceOf(SeedDirError);
    await expect(readSeedDir(dir)).rejects.toThrow("holds no .yaml, .yml or .json file");
  });
});
