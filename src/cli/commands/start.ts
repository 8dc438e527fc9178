import type { Command } from "../command.js";
import { startApp } from "../../runtime/app.js";

export const startCommand: Command = {
  name: "start",
  summary: "run the bot with the adapters the environment enables (migrates and seeds an empty database first)",
  usage: "zhuanban start",
  options: {},
  async run(_args, io) {
    const app = await startApp({ env: io.env, out: io.out });
    await app.stopped;
  },
};
