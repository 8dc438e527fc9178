// `zhuanban start` decides whether to begin the embedded database before zod loads
// (src/runtime/database-target.ts); the validated configuration must always agree with it.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/runtime/config.js";
import { embeddedDataDirOf } from "../../src/runtime/database-target.js";

const cases: Record<string, Record<string, string | undefined>> = {
  "nothing set": {},
  "a data directory": { ZHUANBAN_DATA_DIR: "/srv/zhuanban/data" },
  "a blank data directory": { ZHUANBAN_DATA_DIR: "   " },
  "a server": { DATABASE_URL: "postgresql://office@db.example/zhuanban", ZHUANBAN_DATA_DIR: "/srv/data" },
  "a blank server": { DATABASE_URL: " ", ZHUANBAN_DATA_DIR: "./elsewhere" },
};

describe("the database the environment names, before and after validation", () => {
  for (const [name, env] of Object.entries(cases)) {
    it(`agrees with the configuration: ${name}`, () => {
      const config = loadConfig(env);
      expect(embeddedDataDirOf(env)).toBe(config.databaseUrl ? null : config.dataDir);
    });
  }

  it("is the default ./data when nothing is set, and no embedded directory when a server is named", () => {
    expect(embeddedDataDirOf({})).toBe("./data");
    expect(embeddedDataDirOf({ DATABASE_URL: "postgresql://localhost/zhuanban" })).toBeNull();
  });
});
