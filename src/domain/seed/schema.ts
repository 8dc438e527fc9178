import { describeBounds, TARGET_KINDS, targetBounds, valueWithinBounds, type TargetKind } from "../target/kind.js";
import { z } from "zod";
import { checkSeedSet } from "./check.js";

/**
 * Seed data: the work groups, units, task lists, contacts and reporting cycles a deployment
 * starts from (seeds/hunan-2023/ is the Hunan 2023 plan). A seed set is several files; each
 * file holds one or more top-level sections (`units`, `groups`, `contacts`, `cycles`, or a
 * task list: `group` + `tasks`). Everything is referenced by stable ASCII keys.
 *
 * The schemas here check each file on its own. {@link checkSeedSet} checks what needs the
 * whole set (every key referenced exists, keys are unique across files).
 */

const UNIT_KEY = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const TASK_KEY = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*$/;

const text = z.string().trim().min(1);
const lowerKey = (what: string, example: string) =>
  z.string().regex(UNIT_KEY, `must be a ${what} key of lower-case letters, digits and hyphens, such as "${example}"`);

export const unitKeySchema = lowerKey("unit", "hrss");
export const groupKeySchema = lowerKey("group", "minsheng");
export const contactKeySchema = lowerKey("contact", "c-hrss");
export const targetKeySchema = lowerKey("target", "new-urban-jobs");
export const taskKeySchema = z
  .string()
  .regex(TASK_KEY, 'must be a task key of upper-case letters, digits and hyphens, such as "MS-03"');

/** A value stored as DECIMAL(20,4): finite, at most 4 decimal places, below 10^16. */
const decimal = z.number().refine((v) => Math.abs(v) < 1e16 && Math.abs(v * 1e4 - Math.round(v * 1e4)) < 1e-6, {
  message: "must have at most 4 decimal places and fewer than 16 digits before the point",
});

const isTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const cycleSchema = z.enum(["dekad", "month", "quarter"]);
export const listKindSchema = z.enum(["task", "project", "policy", "indicator"]);
export const directionSchema = z.enum(["increase", "decrease"]);
export const groupRoleSchema = z.enum(["convenor", "deputy", "office", "reporter"]);
export const unitContactRoleSchema = z.enum(["primary", "deputy"]);

export const seedUnitSchema = z.strictObject({
  key: unitKeySchema,
  /** The name as the source document writes it. */
  name: text,
  shortName: text.optional(),
  /** Other names users type (省人社厅 for 省人力资源社会保障厅). */
  aliases: z.array(text).default([]),
  isExample: z.boolean().default(false),
});

export const seedGroupSchema = z.strictObject({
  key: groupKeySchema,
  name: text,
  shortName: text.optional(),
  timezone: z.string().refine(isTimezone, "is not an IANA timezone such as Asia/Shanghai").default("Asia/Shanghai"),
  convenorTitle: text.optional(),
  deputyTitle: text.optional(),
  officeDescription: text.optional(),
  /** The unit that hosts the group's office; must also be a member unit. */
  officeUnit: unitKeySchema.optional(),
  memberUnits: z.array(unitKeySchema).default([]),
  /**
   * The Word briefing (简报) of the group: its 编发单位 and the 报送 and 抄送 lines of its closing
   * block. Each one left out takes its default (the group's name + 办公室; the message catalogue's
   * 专班召集人、副召集人 and 专班各成员单位).
   */
  briefing: z
    .strictObject({
      /** 编发单位, e.g. 省打好重点民生保障仗工作专班办公室. */
      office: text.optional(),
      /** Whom the briefing is sent up to (报送：…). */
      sendTo: text.optional(),
      /** Whom it is copied to (抄送：…). */
      copyTo: text.optional(),
    })
    .optional(),
  source: text.optional(),
  isExample: z.boolean().default(false),
  sortOrder: z.int().optional(),
});

export const seedTargetSchema = z
  .strictObject({
    key: targetKeySchema,
    metric: text,
    /** As users write it: 万人, %, 个, 公里. */
    unitOfMeasure: text,
    baseline: decimal.optional(),
    targetValue: decimal,
    direction: directionSchema,
    /**
     * cumulative: the reported value is the year-to-date total counted from the baseline (judged
     * against 时序进度); level: a standard or amount in force; rate: a ratio or growth rate.
     */
    kind: z.enum(TARGET_KINDS as [TargetKind, ...TargetKind[]]),
    /** Bounds on reported values when the kind's defaults do not fit (src/domain/target/kind.ts). */
    minValue: decimal.optional(),
    maxValue: decimal.optional(),
    /** Which of the task's lead units answers for this target; required when the task has several. */
    lead: unitKeySchema.optional(),
    sortOrder: z.int().optional(),
  })
  .superRefine((t, ctx) => {
    const bounds = targetBounds(t);
    for (const field of ["targetValue", "baseline"] as const) {
      const value = t[field];
      if (value !== undefined && !valueWithinBounds(value, bounds)) {
        ctx.addIssue({
          code: "custom",
          path: [field],
          message: `is outside the ${t.kind} target's bounds (${describeBounds(bounds)})`,
        });
      }
    }
    if (t.baseline === undefined) return;
    const wrongWay = t.direction === "increase" ? t.targetValue < t.baseline : t.targetValue > t.baseline;
    if (wrongWay) {
      ctx.addIssue({
        code: "custom",
        path: ["targetValue"],
        message: `is ${t.direction === "increase" ? "below" : "above"} the baseline ${t.baseline} although direction is ${t.direction}`,
      });
    }
  });

const taskFields = {
  key: taskKeySchema,
  title: text,
  listKind: listKindSchema,
  description: text.optional(),
  /** Lead units (牵头单位). Must be written out; `[]` means the source names none yet. */
  lead: z.array(unitKeySchema),
  participants: z.array(unitKeySchema).default([]),
  targets: z.array(seedTargetSchema).default([]),
  startDate: z.iso.date("must be a date written YYYY-MM-DD").optional(),
  endDate: z.iso.date("must be a date written YYYY-MM-DD"),
  /** Cycles the task reports on; empty = every cycle its group has enabled. */
  cycles: z.array(cycleSchema).default([]),
  /** Document and section the task comes from, for the office to check. */
  source: text.optional(),
  isExample: z.boolean().default(false),
  active: z.boolean().default(true),
  sortOrder: z.int().optional(),
};

type TaskFields = z.output<z.ZodObject<typeof taskFields>>;

/** Checks that need only the task itself. */
function refineTask(task: TaskFields, ctx: z.RefinementCtx): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (task.startDate !== undefined && task.startDate > task.endDate) {
    issue(["startDate"], `is after the endDate ${task.endDate}`);
  }
  const seenUnits = new Map<string, string>();
  for (const [list, keys] of [
    ["lead", task.lead],
    ["participants", task.participants],
  ] as const) {
    keys.forEach((unit, i) => {
      const earlier = seenUnits.get(unit);
      if (earlier !== undefined) issue([list, i], `unit "${unit}" is already listed at ${earlier}`);
      else seenUnits.set(unit, `${list}[${i}]`);
    });
  }
  const targetKeys = new Map<string, number>();
  task.targets.forEach((target, i) => {
    const earlier = targetKeys.get(target.key);
    if (earlier !== undefined) {
      issue(
        ["targets", i, "key"],
        `duplicate target key "${target.key}" in task ${task.key} (also targets[${earlier}])`,
      );
    } else targetKeys.set(target.key, i);
    if (target.lead !== undefined && !task.lead.includes(target.lead)) {
      issue(
        ["targets", i, "lead"],
        `unit "${target.lead}" is not one of the task's lead units (${task.lead.join(", ")})`,
      );
    }
    if (target.lead === undefined && task.lead.length > 1) {
      issue(
        ["targets", i, "lead"],
        `is required because task ${task.key} has several lead units (${task.lead.join(", ")}): say which one answers for this target`,
      );
    }
  });
  const cycles = new Set<string>();
  task.cycles.forEach((cycle, i) => {
    if (cycles.has(cycle)) issue(["cycles", i], `cycle "${cycle}" is listed twice`);
    cycles.add(cycle);
  });
}

/** A task as written in a task-list file, where the group is given once at the top. */
export const seedTaskEntrySchema = z.strictObject(taskFields).superRefine(refineTask);

/** A task in the merged seed set, which carries its group's key. */
export const seedTaskSchema = z.strictObject({ group: groupKeySchema, ...taskFields }).superRefine(refineTask);

export const seedContactSchema = z
  .strictObject({
    key: contactKeySchema,
    name: text,
    title: text.optional(),
    phone: text.optional(),
    email: z.email("must be an e-mail address").optional(),
    locale: z.enum(["zh-CN", "en"]).optional(),
    active: z.boolean().default(true),
    isExample: z.boolean().default(false),
    units: z.array(z.strictObject({ unit: unitKeySchema, role: unitContactRoleSchema })).default([]),
    groups: z.array(z.strictObject({ group: groupKeySchema, role: groupRoleSchema })).default([]),
  })
  .superRefine((contact, ctx) => {
    const units = new Set<string>();
    contact.units.forEach((u, i) => {
      if (units.has(u.unit)) {
        ctx.addIssue({ code: "custom", path: ["units", i, "unit"], message: `unit "${u.unit}" is listed twice` });
      }
      units.add(u.unit);
    });
    const roles = new Set<string>();
    contact.groups.forEach((g, i) => {
      const id = `${g.group}/${g.role}`;
      if (roles.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["groups", i],
          message: `role "${g.role}" in group "${g.group}" is listed twice`,
        });
      }
      roles.add(id);
    });
  });

/** Per group and cycle; null rules mean the domain defaults (docs/design.md, "Time"). */
export const seedCycleSchema = z.strictObject({
  group: groupKeySchema,
  cycle: cycleSchema,
  enabled: z.boolean().default(true),
  dueRule: z.json().default(null),
  ladder: z.json().default(null),
  quietHours: z.json().default(null),
});

const sections = {
  units: z.array(seedUnitSchema),
  groups: z.array(seedGroupSchema),
  contacts: z.array(seedContactSchema),
  cycles: z.array(seedCycleSchema),
};

export const unitsFileSchema = z.strictObject({ units: sections.units });
export const groupsFileSchema = z.strictObject({ groups: sections.groups });
export const contactsFileSchema = z.strictObject({ contacts: sections.contacts });
export const cyclesFileSchema = z.strictObject({ cycles: sections.cycles });
/** One group's task list (e.g. tasks-minsheng.yaml). */
export const tasksFileSchema = z.strictObject({ group: groupKeySchema, tasks: z.array(seedTaskEntrySchema) });

const SECTION_NAMES = ["units", "groups", "contacts", "cycles", "tasks"] as const;

/** Any seed file: one or more sections; `tasks` needs `group` beside it. */
export const seedFileSchema = z
  .strictObject({
    units: sections.units.optional(),
    groups: sections.groups.optional(),
    contacts: sections.contacts.optional(),
    cycles: sections.cycles.optional(),
    group: groupKeySchema.optional(),
    tasks: z.array(seedTaskEntrySchema).optional(),
  })
  .superRefine((file, ctx) => {
    if (file.tasks !== undefined && file.group === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["group"],
        message: `"group" is required beside "tasks": whose tasks are these?`,
      });
    }
    if (file.group !== undefined && file.tasks === undefined) {
      ctx.addIssue({ code: "custom", path: ["tasks"], message: `"tasks" is required beside "group"` });
    }
    if (SECTION_NAMES.every((name) => file[name] === undefined) && file.group === undefined) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: `holds none of the seed sections (${SECTION_NAMES.join(", ")})`,
      });
    }
  });

export type SeedUnit = z.output<typeof seedUnitSchema>;
export type SeedGroup = z.output<typeof seedGroupSchema>;
export type SeedTarget = z.output<typeof seedTargetSchema>;
export type SeedTaskEntry = z.output<typeof seedTaskEntrySchema>;
export type SeedTask = z.output<typeof seedTaskSchema>;
export type SeedContact = z.output<typeof seedContactSchema>;
export type SeedCycle = z.output<typeof seedCycleSchema>;
export type SeedFile = z.output<typeof seedFileSchema>;

/** The whole seed: every file's sections merged, task lists flattened with their group key. */
export interface SeedSet {
  units: SeedUnit[];
  groups: SeedGroup[];
  tasks: SeedTask[];
  contacts: SeedContact[];
  cycles: SeedCycle[];
}

/** The merged set as one schema, with the cross-file checks as refinements. */
export const seedSetSchema = z
  .strictObject({
    units: sections.units,
    groups: sections.groups,
    tasks: z.array(seedTaskSchema),
    contacts: sections.contacts,
    cycles: sections.cycles,
  })
  .superRefine((set, ctx) => {
    for (const issue of checkSeedSet(set).errors)
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
