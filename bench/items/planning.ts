// 6. Planning: computing everything due for one tick over the whole data set (target < 50 ms).
//
// What the scheduler does at the start of each tick (src/core/scheduler/tick.ts): load every
// group with its cycle settings and active tasks (PlanStore.groupsWithSettings), place every
// period's ladder in time (planAt) and apply the catch-up rules (dueItems). Measured for the
// busiest minute of the year's calendar, 09:00 on a 旬's due day, when every (task, lead unit)
// without a report gets its due-day reminder, and for an ordinary quiet minute.

import { catchUp, dueItems } from "../../src/core/scheduler/catch-up.js";
import { planAt } from "../../src/core/plan/plan-at.js";
import { createPlanStore } from "../../src/store/plan-store.js";
import type { BenchContext, BenchItem } from "../lib/context.js";
import type { Figure } from "../lib/results.js";
import { percentile, repeat, round } from "../lib/stats.js";

/** 09:00 on the due day of the bench's current 旬 (2025-12-10, a Wednesday). */
export const BUSY_MINUTE = new Date("2025-12-10T09:00:00+08:00");
const QUIET_MINUTE = new Date("2025-12-10T14:37:00+08:00");

export const planning: BenchItem = {
  item: 6,
  title: "planning one tick",
  async run(ctx: BenchContext): Promise<Figure[]> {
    const store = createPlanStore(ctx.prisma);
    const runs = ctx.options.quick ? 3 : 15;
    const windowAt = (at: Date) => catchUp(new Date(at.getTime() - 60_000), at);

    const tick = async (at: Date) => {
      const window = windowAt(at);
      const inputs = await store.groupsWithSettings();
      const items = planAt({ groups: inputs, calendar: ctx.calendar, from: window.from, to: window.to });
      return dueItems(items, window.now);
    };
    const busyItems = (await tick(BUSY_MINUTE)).live.length;
    ctx.progress(`  busiest minute plans ${busyItems} items; timing ${runs} ticks each`);
    const busy = await repeat(runs, () => tick(BUSY_MINUTE));
    const quiet = await repeat(runs, () => tick(QUIET_MINUTE));

    // The two halves of the busy tick: loading from PostgreSQL, and the pure planning.
    const load = await repeat(runs, () => store.groupsWithSettings());
    const inputs = await store.groupsWithSettings();
    const window = windowAt(BUSY_MINUTE);
    const pure = await repeat(runs, async () => {
      dueItems(planAt({ groups: inputs, calendar: ctx.calendar, from: window.from, to: window.to }), window.now);
    });
    const tasks = inputs.reduce((n, g) => n + g.tasks.length, 0);
    ctx.note(
      `6: one tick = PlanStore.groupsWithSettings() (${inputs.length} groups, ${tasks} active tasks) + planAt + dueItems ` +
        `for a one-minute window; the busiest minute (${BUSY_MINUTE.toISOString()}) plans ${busyItems} items. ` +
        `Median of ${runs} ticks.`,
    );

    return [
      {
        id: "6a",
        item: 6,
        name: "plan one tick, busiest minute (load + plan)",
        value: round(percentile(busy, 50)),
        unit: "ms",
        target: 50,
        bound: "max",
        note: `p95 ${round(percentile(busy, 95))} ms; ${busyItems} items`,
      },
      {
        id: "6b",
        item: 6,
        name: "  of which: load groups and tasks (PostgreSQL)",
        value: round(percentile(load, 50)),
        unit: "ms",
        target: null,
      },
      {
        id: "6c",
        item: 6,
        name: "  of which: planAt + dueItems (pure)",
        value: round(percentile(pure, 50)),
        unit: "ms",
        target: null,
      },
      {
        id: "6d",
        item: 6,
        name: "plan one tick, quiet minute (load + plan)",
        value: round(percentile(quiet, 50)),
        unit: "ms",
        target: 50,
        bound: "max",
      },
    ];
  },
};
