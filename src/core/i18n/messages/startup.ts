import { defineMessages, type Params } from "../catalog.js";

const d = (p: Params, name: string) => (p[name] === undefined ? "" : String(p[name]));

/**
 * What `zhuanban start` tells the person at the terminal, before the console's prompt: the
 * database it made or loaded, the holiday data it lacks and what that means, and that it is ready.
 * The log says the same in English, for whoever runs the server.
 */
export const startupMessages = defineMessages(
  {
    "startup.created": "已新建内置数据库，并载入 2023 年湖南省工作方案。",
    "startup.seeded": (p: Params) => `数据库是空的，已载入${d(p, "source")}（${d(p, "rows")} 条记录）。`,
    "startup.hunanPlan": " 2023 年湖南省工作方案",
    "startup.seedFolder": (p: Params) => `方案文件夹 ${d(p, "dir")} `,
    "startup.noHolidayData": (p: Params) =>
      `提示：${d(p, "year")} 年国务院节假日安排尚未收录，该年的报送截止日暂按周一至周五为工作日计算；通知发布后请写入 seeds/calendar/overrides.json。`,
    "startup.simulated": (p: Params) => `模拟时间：从 ${d(p, "start")} 开始${d(p, "speed")}。`,
    "startup.speed": (p: Params) => `，${d(p, "speed")} 倍速`,
    "startup.instant": (p: Params) => `${d(p, "year")}年${d(p, "month")}月${d(p, "day")}日 ${d(p, "time")}（北京时间）`,
    "startup.ready.embedded": (p: Params) =>
      `专班机器人已启动（内置数据库，位于 ${d(p, "where")}；用时 ${d(p, "seconds")} 秒）。`,
    "startup.ready.server": (p: Params) =>
      `专班机器人已启动（PostgreSQL 数据库 ${d(p, "where")}；用时 ${d(p, "seconds")} 秒）。`,
  },
  {
    "startup.created": "Created the embedded database with the Hunan 2023 plan.",
    "startup.seeded": (p: Params) => `The database was empty; loaded ${d(p, "source")} (${d(p, "rows")} rows).`,
    "startup.hunanPlan": "the Hunan 2023 plan",
    "startup.seedFolder": (p: Params) => `the plan folder ${d(p, "dir")}`,
    "startup.noHolidayData": (p: Params) =>
      `Note: the State Council's ${d(p, "year")} holiday arrangement is not known yet, so deadlines in ${d(p, "year")} take Monday to Friday as working days; add it to seeds/calendar/overrides.json once published.`,
    "startup.simulated": (p: Params) => `Simulated time: starting at ${d(p, "start")}${d(p, "speed")}.`,
    "startup.speed": (p: Params) => `, ${d(p, "speed")}× speed`,
    "startup.instant": (p: Params) =>
      `${d(p, "year")}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")} ${d(p, "time")} (Beijing time)`,
    "startup.ready.embedded": (p: Params) =>
      `zhuanban is running (embedded database in ${d(p, "where")}; ready in ${d(p, "seconds")} s).`,
    "startup.ready.server": (p: Params) =>
      `zhuanban is running (PostgreSQL database ${d(p, "where")}; ready in ${d(p, "seconds")} s).`,
  },
);
