import type { BenchItem } from "../lib/context.js";

export const slackAck: BenchItem = {
  item: 3,
  title: "Slack acknowledgement",
  run() {
    return Promise.resolve([
      {
        id: "3",
        item: 3,
        name: "Slack ack p99, 200 concurrent",
        value: null,
        unit: "ms",
        target: 300,
        bound: "max",
        note: "not measured: Slack adapter not present",
      },
    ]);
  },
};
