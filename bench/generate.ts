// The bench data set: a province that rolls zhuanban out to every city and county (issue 8).
// 6 groups, 2,000 units, 5,000 contacts, 20,000 tasks, a year of 旬 reports (about 700,000 rows).
//
// Reproducible: the small tables come from a seeded generator (bench/lib/rng.ts), and the reports
// are derived in SQL from those rows with PostgreSQL's stable hash functions (uuid_hash_extended,
// hashint8extended) seeded with the seed, so the same seed and scale give the same rows. Written with plain `pg` (multi-row INSERT ... SELECT FROM unnest, and
// INSERT ... SELECT for the reports): bench code, not an app layer, so it does not go through
// src/store. The periods and due instants come from the app's own time rules, so the app finds
// the periods it would have made itself.
//
// Run alone: `npx tsx bench/generate.ts --db zb_bench_x [--seed N] [--scale F]` (creates the
// database when it does not exist).

import { pathToFileURL } from "node:url";
import pg from "pg";
import { cycleRules } from "../src/core/schedule.js";
import { dueInstant } from "../src/domain/time/due-rules.js";
import {
  formatPeriodId,
  periodContaining,
  periodStartEnd,
  periodsBetween,
  type Cycle,
} from "../src/domain/time/periods.js";
import { localDateOf } from "../src/domain/time/zoned.js";
import { loadWorkCalendar } from "../src/runtime/calendar-loader.js";
import { Rng } from "./lib/rng.js";

export const DATASET_VERSION = 1;
export const TIMEZONE = "Asia/Shanghai";
/** The instant the bench runs "at": the due day of 2025年12月上旬, before the 17:00 deadline. */
export const BENCH_NOW = new Date("2025-12-10T10:00:00+08:00");
const YEAR = 2025;

export interface DatasetSpec {
  seed: number;
  /** 1 = the issue's size; smaller for a quick look (0.05 = 1,000 tasks). */
  scale: number;
}

/** What the measurements need to know about the generated data. */
export interface DatasetInfo extends DatasetSpec {
  version: number;
  now: string;
  timezone: string;
  /** The 旬 the bench instant falls in (partly reported) and the last complete one. */
  currentDekad: string;
  lastFullDekad: string;
  largestGroup: { key: string; units: number; tasks: number };
  /** A convenor of the largest group: Telegram user id (also the direct chat id). */
  convenorTelegramId: string;
  /** A task of the largest group with a year of history. */
  historyTaskKey: string;
  counts: Record<string, number>;
  generateMs: number;
}

interface GroupSpec {
  key: string;
  prefix: string;
  name: string;
  shortName: string;
  tasks: number;
  units: number;
}

const GROUPS: readonly GroupSpec[] = [
  {
    key: "minsheng",
    prefix: "MS",
    name: "省打好重点民生保障仗工作专班",
    shortName: "重点民生保障仗",
    tasks: 4000,
    units: 500,
  },
  {
    key: "jingji",
    prefix: "JJ",
    name: "省打好经济增长主动仗工作专班",
    shortName: "经济增长主动仗",
    tasks: 3200,
    units: 300,
  },
  {
    key: "keji",
    prefix: "KJ",
    name: "省打好科技创新攻坚仗工作专班",
    shortName: "科技创新攻坚仗",
    tasks: 3200,
    units: 300,
  },
  {
    key: "huanjing",
    prefix: "HJ",
    name: "省打好优化发展环境持久仗工作专班",
    shortName: "优化发展环境持久仗",
    tasks: 3200,
    units: 300,
  },
  {
    key: "fengxian",
    prefix: "FX",
    name: "省打好防范化解风险阻击仗工作专班",
    shortName: "防范化解风险阻击仗",
    tasks: 3200,
    units: 300,
  },
  {
    key: "anquan",
    prefix: "AQ",
    name: "省打好安全生产翻身仗工作专班",
    shortName: "安全生产翻身仗",
    tasks: 3200,
    units: 300,
  },
];
const TOTAL_UNITS = 2000;
const TOTAL_CONTACTS = 5000;
/** Units of the largest group that also sit in each other group (provincial departments). */
const SHARED_UNITS = 40;

const CITIES = [
  "长沙市",
  "株洲市",
  "湘潭市",
  "衡阳市",
  "邵阳市",
  "岳阳市",
  "常德市",
  "张家界市",
  "益阳市",
  "郴州市",
  "永州市",
  "怀化市",
  "娄底市",
  "湘西州",
];
const SYLLABLES = [
  "安",
  "宁",
  "平",
  "江",
  "山",
  "阳",
  "溪",
  "源",
  "化",
  "陵",
  "武",
  "桂",
  "东",
  "南",
  "西",
  "北",
  "湘",
  "岳",
  "临",
  "石",
];
const DEPARTMENTS = [
  "发展改革局",
  "教育局",
  "科技局",
  "工业和信息化局",
  "公安局",
  "民政局",
  "财政局",
  "人力资源社会保障局",
  "自然资源局",
  "生态环境局",
  "住房城乡建设局",
  "交通运输局",
  "水利局",
  "农业农村局",
  "商务局",
  "文化旅游广电局",
  "卫生健康委",
  "应急管理局",
  "市场监管局",
  "医保局",
];
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国文辉鹏飞宇".split("");
const VERBS = ["推进", "完成", "建设", "实施", "开展", "提升", "新增", "改造"];
const THINGS: readonly [string, string][] = [
  ["城镇老旧小区改造", "个"],
  ["高标准农田建设", "万亩"],
  ["农村公路提质改造", "公里"],
  ["中小学校舍改造", "所"],
  ["养老服务设施建设", "个"],
  ["污水处理设施建设", "座"],
  ["5G基站建设", "个"],
  ["产业园区标准厂房", "万平方米"],
  ["重点项目投资", "亿元"],
  ["招商引资项目签约", "个"],
  ["安全隐患排查整治", "处"],
  ["职业技能培训", "万人次"],
];
const LIST_KINDS = ["task", "project", "policy", "indicator"];

/** Places (cities and made-up counties), each with every department: 100 x 20 = 2,000 unit names. */
function placeNames(): string[] {
  const places = [...CITIES];
  for (let i = 0; places.length < TOTAL_UNITS / DEPARTMENTS.length; i++) {
    const a = SYLLABLES[i % SYLLABLES.length]!;
    const b = SYLLABLES[(Math.floor(i / SYLLABLES.length) + i + 1) % SYLLABLES.length]!;
    const name = `${a}${b}县`;
    if (!places.includes(name)) places.push(name);
  }
  return places;
}

type Cell = string | number | boolean | null;

/** Multi-row INSERT: every column is sent as a text[] and cast in SQL, 5,000 rows a statement. */
async function insert(
  client: pg.ClientBase,
  table: string,
  columns: [string, string][],
  rows: Cell[][],
): Promise<void> {
  const names = columns.map(([n]) => `"${n}"`).join(", ");
  const casts = columns.map(([, type], i) => `c${i}::${type}`).join(", ");
  const arrays = columns.map((_, i) => `$${i + 1}::text[]`).join(", ");
  const aliases = columns.map((_, i) => `c${i}`).join(", ");
  const sql = `INSERT INTO "${table}" (${names}) SELECT ${casts} FROM unnest(${arrays}) AS x(${aliases})`;
  for (let start = 0; start < rows.length; start += 5000) {
    const batch = rows.slice(start, start + 5000);
    const params = columns.map((_, i) => batch.map((r) => (r[i] === null || r[i] === undefined ? null : String(r[i]))));
    await client.query(sql, params);
  }
}

const scaled = (n: number, scale: number) => Math.max(1, Math.round(n * scale));

/**
 * Fills an empty, migrated database. `progress` gets one line per step.
 * Returns the row counts of the main tables.
 */
export async function generate(url: string, spec: DatasetSpec, progress: (line: string) => void): Promise<DatasetInfo> {
  const started = performance.now();
  const rng = new Rng(spec.seed);
  const calendar = await loadWorkCalendar();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "WorkGroup"`);
    if (Number(existing.rows[0]?.n) > 0) throw new Error("generate: the database is not empty");
    const at = new Date(`${YEAR}-01-01T00:00:00+08:00`).toISOString();

    // Units: 100 places x 20 departments.
    const unitCount = scaled(TOTAL_UNITS, spec.scale);
    const places = placeNames();
    const units = Array.from({ length: unitCount }, (_, i) => ({
      id: rng.uuid(),
      key: `u${String(i + 1).padStart(4, "0")}`,
      name: `${places[Math.floor(i / DEPARTMENTS.length) % places.length]}${DEPARTMENTS[i % DEPARTMENTS.length]}`,
    }));
    await insert(
      client,
      "Unit",
      [
        ["id", "uuid"],
        ["key", "text"],
        ["name", "text"],
        ["updatedAt", "timestamptz"],
      ],
      units.map((u) => [u.id, u.key, u.name, at]),
    );

    // Groups and their member units: the largest group takes the first units, the others share the rest,
    // and each also has some of the largest group's (provincial departments sit in several groups).
    const groups = GROUPS.map((g, index) => ({ ...g, id: rng.uuid(), index, members: [] as number[] }));
    const largestUnits = Math.min(unitCount, scaled(GROUPS[0]!.units, spec.scale));
    groups[0]!.members = Array.from({ length: largestUnits }, (_, i) => i);
    const rest = unitCount - largestUnits;
    for (const g of groups.slice(1)) {
      const share = Math.floor(rest / (groups.length - 1));
      const from = largestUnits + (g.index - 1) * share;
      const own = Array.from({ length: g.index === groups.length - 1 ? unitCount - from : share }, (_, i) => from + i);
      const shared = rng.sample(groups[0]!.members, scaled(SHARED_UNITS, spec.scale));
      g.members = [...own, ...shared];
    }
    await insert(
      client,
      "WorkGroup",
      [
        ["id", "uuid"],
        ["key", "text"],
        ["name", "text"],
        ["shortName", "text"],
        ["timezone", "text"],
        ["sortOrder", "int"],
        ["updatedAt", "timestamptz"],
      ],
      groups.map((g) => [g.id, g.key, g.name, g.shortName, TIMEZONE, g.index, at]),
    );
    await insert(
      client,
      "GroupUnit",
      [
        ["groupId", "uuid"],
        ["unitId", "uuid"],
        ["hostsOffice", "boolean"],
      ],
      groups.flatMap((g) => g.members.map((m, i) => [g.id, units[m]!.id, i === 0])),
    );
    const cycles: Cycle[] = ["dekad", "month", "quarter"];
    await insert(
      client,
      "CycleSetting",
      [
        ["id", "uuid"],
        ["groupId", "uuid"],
        ["cycle", '"Cycle"'],
        ["enabled", "boolean"],
        ["dueRule", "jsonb"],
        ["updatedAt", "timestamptz"],
      ],
      groups.flatMap((g) => cycles.map((c) => [rng.uuid(), g.id, c, true, JSON.stringify({ kind: "default" }), at])),
    );
    await insert(
      client,
      "GroupChannel",
      [
        ["id", "uuid"],
        ["groupId", "uuid"],
        ["platform", '"Platform"'],
        ["chatId", "text"],
        ["title", "text"],
        ["boundAt", "timestamptz"],
      ],
      groups.map((g) => [rng.uuid(), g.id, "telegram", `-100${1_000_000_000 + g.index}`, g.shortName, at]),
    );
    progress(`  units ${unitCount}, groups ${groups.length}`);

    // Contacts: 5 leaders per group (convenor, deputy, 3 office); one primary contact per unit; the
    // rest are deputies spread over the units. Each has a bound Telegram identity with a direct chat.
    const contactCount = scaled(TOTAL_CONTACTS, spec.scale);
    const contacts: { id: string; key: string; name: string; telegramId: string }[] = [];
    const newContact = () => {
      const i = contacts.length;
      const contact = {
        id: rng.uuid(),
        key: `c${String(i + 1).padStart(5, "0")}`,
        name: `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}${rng.chance(0.6) ? rng.pick(GIVEN) : ""}`,
        telegramId: String(200_000_000 + i),
      };
      contacts.push(contact);
      return contact;
    };
    const groupRoles: Cell[][] = [];
    const leaders = groups.map((g) => {
      const roles = ["convenor", "deputy", "office", "office", "office"];
      return roles.map((role) => {
        const c = newContact();
        groupRoles.push([c.id, g.id, role]);
        return c;
      });
    });
    const unitRoles: Cell[][] = [];
    const unitContacts = new Map<number, string[]>();
    for (let u = 0; u < unitCount; u++) {
      const c = newContact();
      unitRoles.push([c.id, units[u]!.id, "primary"]);
      unitContacts.set(u, [c.id]);
    }
    while (contacts.length < contactCount) {
      const u = rng.int(unitCount);
      const c = newContact();
      unitRoles.push([c.id, units[u]!.id, "deputy"]);
      unitContacts.get(u)!.push(c.id);
    }
    for (const g of groups) {
      for (const m of g.members) for (const c of unitContacts.get(m)!) groupRoles.push([c, g.id, "reporter"]);
    }
    await insert(
      client,
      "Contact",
      [
        ["id", "uuid"],
        ["key", "text"],
        ["name", "text"],
        ["updatedAt", "timestamptz"],
      ],
      contacts.map((c) => [c.id, c.key, c.name, at]),
    );
    await insert(
      client,
      "ContactUnitRole",
      [
        ["contactId", "uuid"],
        ["unitId", "uuid"],
        ["role", '"UnitContactRole"'],
      ],
      unitRoles,
    );
    await insert(
      client,
      "ContactGroupRole",
      [
        ["contactId", "uuid"],
        ["groupId", "uuid"],
        ["role", '"GroupRole"'],
      ],
      groupRoles,
    );
    await insert(
      client,
      "ChatIdentity",
      [
        ["id", "uuid"],
        ["platform", '"Platform"'],
        ["platformUserId", "text"],
        ["displayName", "text"],
        ["contactId", "uuid"],
        ["boundAt", "timestamptz"],
        ["directChatId", "text"],
        ["updatedAt", "timestamptz"],
      ],
      contacts.map((c) => [rng.uuid(), "telegram", c.telegramId, c.name, c.id, at, c.telegramId, at]),
    );
    progress(`  contacts ${contacts.length} with Telegram identities`);

    // Tasks: each with one lead unit (5% two), one participant, one target (15% a second one).
    const taskRows: Cell[][] = [];
    const taskUnitRows: Cell[][] = [];
    const targetRows: Cell[][] = [];
    for (const g of groups) {
      const taskCount = scaled(g.tasks, spec.scale);
      for (let n = 1; n <= taskCount; n++) {
        const id = rng.uuid();
        const [thing, measure] = rng.pick(THINGS);
        const place = units[rng.pick(g.members)]!.name.slice(0, 3);
        const key = `${g.prefix}-${String(n).padStart(4, "0")}`;
        taskRows.push([
          id,
          g.id,
          key,
          `${place}${rng.pick(VERBS)}${thing}（第${1 + rng.int(9)}批）`,
          rng.pick(LIST_KINDS),
          `${YEAR}-01-01`,
          `${YEAR}-12-31`,
          `湘政办发〔${YEAR}〕bench ${key}`,
          n,
          at,
        ]);
        const leads = rng.sample(g.members, rng.chance(0.05) ? 2 : 1);
        for (const m of leads) taskUnitRows.push([id, units[m]!.id, "lead"]);
        const participant = rng.pick(g.members);
        if (!leads.includes(participant)) taskUnitRows.push([id, units[participant]!.id, "participant"]);
        const targetValue = 10 * (1 + rng.int(1000));
        targetRows.push([
          rng.uuid(),
          id,
          "main",
          `${thing}完成量`,
          measure,
          targetValue,
          rng.chance(0.7) ? "cumulative" : "level",
          0,
          null,
        ]);
        if (rng.chance(0.15)) {
          const lead = leads.length > 1 ? units[leads[1]!]!.id : null;
          targetRows.push([
            rng.uuid(),
            id,
            "aux",
            `${thing}投资完成额`,
            "亿元",
            1 + rng.int(50),
            "cumulative",
            1,
            lead,
          ]);
        }
      }
    }
    await insert(
      client,
      "Task",
      [
        ["id", "uuid"],
        ["groupId", "uuid"],
        ["key", "text"],
        ["title", "text"],
        ["listKind", '"ListKind"'],
        ["startDate", "date"],
        ["endDate", "date"],
        ["source", "text"],
        ["sortOrder", "int"],
        ["updatedAt", "timestamptz"],
      ],
      taskRows,
    );
    await insert(
      client,
      "TaskUnit",
      [
        ["taskId", "uuid"],
        ["unitId", "uuid"],
        ["role", '"TaskUnitRole"'],
      ],
      taskUnitRows,
    );
    await insert(
      client,
      "Target",
      [
        ["id", "uuid"],
        ["taskId", "uuid"],
        ["key", "text"],
        ["metric", "text"],
        ["unitOfMeasure", "text"],
        ["targetValue", "numeric"],
        ["kind", '"TargetKind"'],
        ["sortOrder", "int"],
        ["leadUnitId", "uuid"],
      ],
      targetRows,
    );
    progress(
      `  tasks ${taskRows.length}, lead and participant links ${taskUnitRows.length}, targets ${targetRows.length}`,
    );

    // Periods of the year up to the bench instant, with due instants under the default rules.
    const today = localDateOf(BENCH_NOW, TIMEZONE);
    const periodRows: Cell[][] = [];
    for (const g of groups) {
      for (const cycle of cycles) {
        const rules = cycleRules({
          cycle,
          enabled: true,
          dueRule: { kind: "default" },
          ladder: null,
          quietHours: null,
        });
        for (const period of periodsBetween(cycle, `${YEAR}-01-01`, today)) {
          const { start, end } = periodStartEnd(period, TIMEZONE);
          const due = dueInstant(period, rules.dueRule, calendar, TIMEZONE);
          periodRows.push([
            rng.uuid(),
            g.id,
            cycle,
            formatPeriodId(period),
            start.toISOString(),
            end.toISOString(),
            due.toISOString(),
            at,
          ]);
        }
      }
    }
    await insert(
      client,
      "Period",
      [
        ["id", "uuid"],
        ["groupId", "uuid"],
        ["cycle", '"Cycle"'],
        ["periodKey", "text"],
        ["startsAt", "timestamptz"],
        ["endsAt", "timestamptz"],
        ["dueAt", "timestamptz"],
        ["createdAt", "timestamptz"],
      ],
      periodRows,
    );
    const current = periodContaining("dekad", today);
    const currentStart = periodStartEnd(current, TIMEZONE).start;
    progress(`  periods ${periodRows.length} (${YEAR}-01-X1 to ${formatPeriodId(current)})`);

    await generateReports(client, spec.seed, currentStart, (line) => progress(line));
    await client.query("ANALYZE");

    const counts = await countRows(client);
    const largest = groups[0]!;
    const info: DatasetInfo = {
      ...spec,
      version: DATASET_VERSION,
      now: BENCH_NOW.toISOString(),
      timezone: TIMEZONE,
      currentDekad: formatPeriodId(current),
      lastFullDekad: formatPeriodId(
        periodContaining("dekad", localDateOf(new Date(currentStart.getTime() - 1), TIMEZONE)),
      ),
      largestGroup: { key: largest.key, units: largest.members.length, tasks: scaled(largest.tasks, spec.scale) },
      convenorTelegramId: leaders[0]![0]!.telegramId,
      historyTaskKey: `${largest.prefix}-0001`,
      counts,
      generateMs: Math.round(performance.now() - started),
    };
    // The marker a later run reads to reuse this database (--db NAME).
    await client.query(
      `INSERT INTO "AuditLog" (id, at, actor, action, entity, details) VALUES ($1, now(), 'bench', 'bench.dataset', 'bench', $2)`,
      [rng.uuid(), JSON.stringify(info)],
    );
    return info;
  } finally {
    await client.end();
  }
}

/**
 * A year of 旬 reports, derived in SQL: for every (task, lead unit) and every 旬 before the current
 * one, a report with probability 0.97 (10% of them late, 2% in two versions), and for the current
 * 旬 with probability 0.45 so far; one value per report and target.
 */
async function generateReports(client: pg.Client, seed: number, currentStart: Date, progress: (line: string) => void) {
  // Pseudo-random numbers in [0, 1) from a 64-bit hash of (seed, task, unit, period): reproducible on
  // any PostgreSQL (these hash functions are the ones hash partitioning relies on, so they are stable).
  // The OFFSET 0 fences keep the planner from recomputing the hash for every reference.
  const rand = (k: number) => `((hashint8extended(y.h, ${k}) & 4294967295) / 4294967296.0)`;
  const common = (where: string, probability: number, current: boolean) => `
    INSERT INTO "Report" (id, "taskId", "unitId", "periodId", version, "isCurrent", status, progress, problems,
      "nextSteps", "coordinationNeeded", "submittedByContactId", "submittedAt", "isLate", "sourcePlatform",
      "sourceChatId", "sourceMessageId", "sourceText")
    SELECT (lpad(to_hex(x.h), 16, '0') || lpad(to_hex(hashint8extended(x.h, v.version)), 16, '0'))::uuid,
      x.tid, x.uid, x.pid, v.version, v.version = x.versions,
      (CASE WHEN x.r_status < 0.75 THEN 'on_track' WHEN x.r_status < 0.87 THEN 'at_risk'
            WHEN x.r_status < 0.95 THEN 'behind' ELSE 'done' END)::"ReportStatus",
      (ARRAY['按计划推进，本旬完成既定工作量。','项目已完成前期手续，正在组织施工。','本旬完成投资进度的阶段目标。',
             '已召开调度会，落实责任分工。','完成现场核查，整改工作有序推进。','资金已拨付到位，建设进度正常。'])[1 + floor(x.r_text * 6)::int],
      CASE WHEN x.r_text < 0.8 THEN '无' ELSE (ARRAY['用地指标紧张，影响开工进度。','资金到位较慢。','施工受天气影响。'])[1 + floor(x.r_note * 3)::int] END,
      '继续按计划推进，加强调度。',
      CASE WHEN x.r_note < 0.9 THEN '无' ELSE '需省直部门协调解决用地审批。' END,
      x.cid,
      ${
        current
          ? `x.starts + x.r_when * ('${BENCH_NOW.toISOString()}'::timestamptz - x.starts)`
          : `CASE WHEN x.r_late < 0.1 THEN x.due + x.r_when * interval '48 hours'
                  ELSE x.due - x.r_when * interval '72 hours' END - (x.versions - v.version) * interval '1 day'`
      },
      ${current ? "false" : "x.r_late < 0.1"},
      'telegram'::"Platform", x.chat, (1000 + floor(x.r_when * 1000000))::text,
      '报送 ' || x.tkey || ' ' || x.pkey || E'\\n状态：正常推进\\n进展：按计划推进'
    FROM (
      SELECT y.*, ${rand(1)} AS r_rep, ${rand(2)} AS r_late, ${rand(3)} AS r_when, ${rand(4)} AS r_status,
             ${rand(5)} AS r_text, ${rand(6)} AS r_note,
             CASE WHEN ${current ? "true" : "false"} THEN 1 WHEN ${rand(7)} < 0.02 THEN 2 ELSE 1 END AS versions
      FROM (
      SELECT tu."taskId" AS tid, tu."unitId" AS uid, p.id AS pid, p."periodKey" AS pkey, p."startsAt" AS starts,
             p."dueAt" AS due, t.key AS tkey, c."contactId" AS cid, ci."platformUserId" AS chat,
             uuid_hash_extended(tu."taskId", ${seed}) # uuid_hash_extended(tu."unitId", ${seed + 1})
               # uuid_hash_extended(p.id, ${seed + 2}) AS h
      FROM "TaskUnit" tu
      JOIN "Task" t ON t.id = tu."taskId"
      JOIN "Period" p ON p."groupId" = t."groupId" AND p.cycle = 'dekad' AND ${where}
      LEFT JOIN "ContactUnitRole" c ON c."unitId" = tu."unitId" AND c.role = 'primary'
      LEFT JOIN "ChatIdentity" ci ON ci."contactId" = c."contactId"
      WHERE tu.role = 'lead'
      OFFSET 0) y
    OFFSET 0) x
    CROSS JOIN LATERAL generate_series(1, x.versions) AS v(version)
    WHERE x.r_rep < ${probability}`;
  const boundary = `'${currentStart.toISOString()}'::timestamptz`;
  // Bulk load: foreign-key triggers off (the rows are consistent by construction) and the tables'
  // secondary indexes built once afterwards rather than row by row; both are put back before
  // returning. The primary keys stay (other tables' foreign keys hang on them).
  const indexes = await client.query<{ name: string; table: string; def: string; constraint: boolean }>(`
    SELECT i.indexrelid::regclass::text AS name, t.relname AS table, pg_get_indexdef(i.indexrelid) AS def,
           EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) AS constraint
    FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
    WHERE t.relname IN ('Report', 'ReportValue') AND t.relnamespace = 'public'::regnamespace`);
  await client.query("SET session_replication_role = replica");
  for (const index of indexes.rows) if (!index.constraint) await client.query(`DROP INDEX ${index.name}`);
  let start = performance.now();
  const past = await client.query(common(`p."startsAt" < ${boundary}`, 0.97, false));
  progress(`  reports before the current 旬: ${past.rowCount} rows (${Math.round(performance.now() - start)} ms)`);
  start = performance.now();
  const now = await client.query(common(`p."startsAt" = ${boundary}`, 0.45, true));
  progress(`  reports in the current 旬 so far: ${now.rowCount} rows (${Math.round(performance.now() - start)} ms)`);
  start = performance.now();
  const values = await client.query(`
    INSERT INTO "ReportValue" ("reportId", "targetId", value)
    SELECT r.id, tg.id,
      round((tg."targetValue" * LEAST(1.2, extract(epoch FROM p."endsAt" - '${YEAR}-01-01T00:00:00+08:00'::timestamptz) / 31536000.0
        * (0.75 + 0.5 * ((uuid_hash_extended(r.id, ${seed}) # uuid_hash_extended(tg.id, ${seed})) & 4294967295) / 4294967296.0)))::numeric, 4)
    FROM "Report" r
    JOIN "Target" tg ON tg."taskId" = r."taskId" AND (tg."leadUnitId" IS NULL OR tg."leadUnitId" = r."unitId")
    JOIN "Period" p ON p.id = r."periodId"`);
  progress(`  report values: ${values.rowCount} rows (${Math.round(performance.now() - start)} ms)`);
  start = performance.now();
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const index of indexes.rows) if (!index.constraint) await client.query(index.def);
  await client.query("RESET session_replication_role");
  progress(`  indexes of Report and ReportValue rebuilt (${Math.round(performance.now() - start)} ms)`);
  // The triggers that keep CurrentReportValue were off with the foreign keys: it is filled once.
  start = performance.now();
  await client.query(`SELECT "rebuild_current_report_values"()`);
  progress(`  current report values filled (${Math.round(performance.now() - start)} ms)`);
}

export async function countRows(client: pg.ClientBase): Promise<Record<string, number>> {
  const tables = [
    "WorkGroup",
    "Unit",
    "Contact",
    "ChatIdentity",
    "Task",
    "TaskUnit",
    "Target",
    "Period",
    "Report",
    "ReportValue",
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    counts[table] = Number(row.rows[0]?.n ?? 0);
  }
  return counts;
}

/** The marker of a generated data set, or null when the database holds none (or another version). */
export async function readDatasetInfo(url: string): Promise<DatasetInfo | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const row = await client.query<{ details: DatasetInfo }>(
      `SELECT details FROM "AuditLog" WHERE action = 'bench.dataset' ORDER BY at DESC LIMIT 1`,
    );
    const info = row.rows[0]?.details;
    return info && info.version === DATASET_VERSION ? info : null;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({
    options: {
      db: { type: "string" },
      seed: { type: "string", default: "8" },
      scale: { type: "string", default: "1" },
    },
  });
  const { checkName, createDatabase, databaseExists, urlFor } = await import("./lib/db.js");
  const name = checkName(values.db ?? "zb_bench_data");
  if (!(await databaseExists(name))) await createDatabase(name);
  const info = await generate(urlFor(name), { seed: Number(values.seed), scale: Number(values.scale) }, console.log);
  console.log(`generated in ${info.generateMs} ms: ${JSON.stringify(info.counts)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
