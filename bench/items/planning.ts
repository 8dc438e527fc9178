// 6. Planning: computing everything due for one tick over the whole data set (target < 50 ms).
//
// What the scheduler does at the start of each tick (src/core/scheduler/tick.ts): read the plan
// inputs, every group with its cycle settings and active tasks (PlanStore.groupsWithSettings), place
// every period's ladder in time (planAt) and apply the catch-up rules (dueItems). Measured for the
// busiest minute of the year's calendar, 09:00 on a 旬's due day, when every (task, lead unit)
// without a report gets its due-day reminder, and for an ordinary quiet minute.
//
// The running bot keeps one PlanStore, which keeps the inputs while the database's plan revision is
// unchanged, and planAt keeps what it worked out for kept inputs: the ticks measured against the
// target are such ticks (one store for all of them, warmed by one tick). What the first tick after
// a change of tasks, targets, units or settings costs (a new store: nothing kept) is measured apart.

import { catchUp, dueItems } from "../../src/core/scheduler/catch-up.js";
import { planAt } from "../../src/core/plan/plan-at.js";
import type { PlanStore } from "../../src/core/plan/ports.js";
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
    const runs = ctx.options.quick ? 3 : 15;
    const coldRuns = ctx.options.quick ? 2 : 7;
    const windowAt = (at: Date) => catchUp(new Date(at.getTime() - 60_000), at);
    const tick = async (plan: PlanStore, at: Date) => {
      const window = windowAt(at);
      const inputs = await plan.groupsWithSettings();
      const items = planAt({ groups: inputs, calendar: ctx.calendar, from: window.from, to: window.to });
      return dueItems(items, window.now);
    };

    // As the bot runs: one store for every tick.
    const store = createPlanStore(ctx.prisma);
    const busyItems = (await tick(store, BUSY_MINUTE)).live.length;
    ctx.progress(`  busiest minute plans ${busyItems} items; timing ${runs} ticks each, ${coldRuns} cold`);
    const busy = await repeat(runs, () => tick(store, BUSY_MINUTE));
    const quiet = await repeat(runs, () => tick(store, QUIET_MINUTE));

    // The two halves of the busy tick: the plan inputs (the revision read; the inputs kept), and the
    // pure planning over them.
    const load = await repeat(runs, () => store.groupsWithSettings());
    const inputs = await store.groupsWithSettings();
    const window = windowAt(BUSY_MINUTE);
    const pure = await repeat(runs, async () => {
      dueItems(planAt({ groups: inputs, calendar: ctx.calendar, from: window.from, to: window.to }), window.now);
    });

    // After a plan input changed: nothing kept, a new store each time.
    const coldLoad = await repeat(coldRuns, () => createPlanStore(ctx.prisma).groupsWithSettings());
    const coldBusy = await repeat(coldRuns, () => tick(createPlanStore(ctx.prisma), BUSY_MINUTE));

    const tasks = inputs.reduce((n, g) => n + g.tasks.length, 0);
    ctx.note(
      `6: one tick = PlanStore.groupsWithSettings() (${inputs.length} groups, ${tasks} active tasks) + planAt + dueItems ` +
        `for a one-minute window; the busiest minute (${BUSY_MINUTE.toISOString()}) plans ${busyItems} items. ` +
        `6a-6d: one PlanStore for every tick, as the bot keeps it: it reads the plan revision (one row) and serves ` +
        `the inputs it loaded while that is unchanged, and planAt reuses what it worked out for them; median of ` +
        `${runs} ticks. 6e-6f: the first tick after a plan input changed (a new store, nothing kept); median of ${coldRuns}.`,
    );

    return [
      {
        id: "6a",
        item: 6,
        name: "plan one tick, busiest minute (inputs + plan)",
        value: round(percentile(busy, 50)),
        unit: "ms",
        target: 50,
        bound: "max",
        note: `p95 ${round(percentile(busy, 95))} ms; ${busyItems} items`,
      },
      {
        id: "6b",
        item: 6,
        name: "  of which: plan revision read, inputs kept",
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
        name: "plan one tick, quiet minute (inputs + plan)",
        value: round(percentile(quiet, 50)),
        unit: "ms",
        target: 50,
        bound: "max",
      },
      {
        id: "6e",
        item: 6,
        name: "after a change: load groups and tasks (PostgreSQL)",
        value: round(percentile(coldLoad, 50)),
        unit: "ms",
        target: null,
      },
      {
        id: "6f",
        item: 6,
        name: "after a change: busiest minute, nothing kept",
        value: round(percentile(coldBusy, 50)),
        unit: "ms",
        target: null,
        note: `p95 ${round(percentile(coldBusy, 95))} ms`,
      },
    ];
  },
};
