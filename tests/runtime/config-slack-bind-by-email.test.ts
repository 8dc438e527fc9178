import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/runtime/config.js";

// SLACK_BIND_BY_EMAIL is validated at start like every setting: one line naming it.
const slack = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "secret" };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("SLACK_BIND_BY_EMAIL", () => {
  it("is off by default and on with true or 1", () => {
    expect(loadConfig(slack).slack?.bindByEmail).toBe(false);
    expect(loadConfig({ ...slack, SLACK_BIND_BY_EMAIL: "true" }).slack?.bindByEmail).toBe(true);
    expect(loadConfig({ ...slack, SLACK_BIND_BY_EMAIL: "1" }).slack?.bindByEmail).toBe(true);
    expect(loadConfig({ ...slack, SLACK_BIND_BY_EMAIL: "false" }).slack?.bindByEmail).toBe(false);
  });

  it("refuses any other value and a setting without Slack, naming the variable", () => {
    expect(problems({ ...slack, SLACK_BIND_BY_EMAIL: "yes" })).toEqual(["SLACK_BIND_BY_EMAIL must be true or false"]);
    expect(problems({ SLACK_BIND_BY_EMAIL: "true" })).toEqual(["SLACK_BOT_TOKEN is required with SLACK_BIND_BY_EMAIL"]);
  });
});
