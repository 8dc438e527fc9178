import { stripInvisible, toHalfWidth } from "../report/normalize.js";

/**
 * The columns of a task sheet. The header row names them; each column has one canonical Chinese
 * header (what export writes and messages use) and synonyms that import also accepts. Header
 * matching ignores width (全角/半角), whitespace, ASCII case, a trailing `*` or colon and a hint in
 * brackets, so `目标值（数字）` and `* 编号` are recognised.
 *
 * The nine required columns are the documented header row; the others are optional. An optional
 * column that is absent leaves the stored values alone (new rows get the default); when present,
 * its cells are authoritative and a blank cell means the default.
 */
export const TASK_SHEET_COLUMNS = [
  // Task columns: the same on every row of a task (later rows may leave them blank).
  {
    field: "key",
    header: "编号",
    level: "task",
    required: true,
    synonyms: ["任务编号", "项目编号", "清单编号", "key"],
  },
  {
    field: "title",
    header: "任务",
    level: "task",
    required: true,
    synonyms: ["任务名称", "项目名称", "任务内容", "名称", "事项", "title"],
  },
  {
    field: "listKind",
    header: "清单类型",
    level: "task",
    required: true,
    synonyms: ["清单", "清单类别", "类型", "list", "listkind"],
  },
  { field: "lead", header: "牵头单位", level: "task", required: true, synonyms: ["责任单位", "牵头部门", "lead"] },
  {
    field: "participants",
    header: "参与单位",
    level: "task",
    required: true,
    synonyms: ["配合单位", "协同单位", "参与部门", "配合部门", "participants"],
  },
  // Target columns: one target per row.
  { field: "metric", header: "指标", level: "target", required: true, synonyms: ["指标名称", "metric"] },
  {
    field: "unitOfMeasure",
    header: "单位",
    level: "target",
    required: true,
    synonyms: ["计量单位", "指标单位", "unitofmeasure", "uom"],
  },
  {
    field: "targetValue",
    header: "目标值",
    level: "target",
    required: true,
    synonyms: ["目标", "年度目标", "目标数值", "target", "targetvalue"],
  },
  {
    field: "endDate",
    header: "完成时限",
    level: "task",
    required: true,
    synonyms: ["完成时间", "截止日期", "截止时间", "时限", "deadline", "enddate"],
  },
  // Optional columns.
  {
    field: "targetKey",
    header: "指标编码",
    level: "target",
    required: false,
    synonyms: ["指标编号", "指标代码", "targetkey"],
  },
  {
    field: "targetLead",
    header: "指标牵头单位",
    level: "target",
    required: false,
    synonyms: ["指标责任单位", "targetlead"],
  },
  { field: "direction", header: "方向", level: "target", required: false, synonyms: ["指标方向", "direction"] },
  { field: "baseline", header: "基数", level: "target", required: false, synonyms: ["基期值", "基线", "baseline"] },
  {
    field: "kind",
    header: "指标类型",
    level: "target",
    required: false,
    synonyms: ["类型", "kind", "累计", "是否累计", "cumulative"],
  },
  {
    field: "startDate",
    header: "开始日期",
    level: "task",
    required: false,
    synonyms: ["开始时间", "起始日期", "startdate"],
  },
  { field: "cycles", header: "报送周期", level: "task", required: false, synonyms: ["周期", "cycles"] },
  {
    field: "description",
    header: "说明",
    level: "task",
    required: false,
    synonyms: ["任务说明", "具体内容", "description"],
  },
  { field: "source", header: "来源", level: "task", required: false, synonyms: ["依据", "文件依据", "source"] },
] as const satisfies readonly {
  field: string;
  header: string;
  level: "task" | "target";
  required: boolean;
  synonyms: readonly string[];
}[];

export type TaskSheetColumn = (typeof TASK_SHEET_COLUMNS)[number];
export type TaskSheetField = TaskSheetColumn["field"];

/** Every column in the order export writes them: the nine required ones, then the optional ones. */
export const TASK_SHEET_FIELDS: readonly TaskSheetField[] = TASK_SHEET_COLUMNS.map((c) => c.field);
export const REQUIRED_FIELDS: readonly TaskSheetField[] = TASK_SHEET_COLUMNS.filter((c) => c.required).map(
  (c) => c.field,
);

const BY_FIELD = new Map<TaskSheetField, TaskSheetColumn>(TASK_SHEET_COLUMNS.map((c) => [c.field, c]));

export function columnOf(field: TaskSheetField): TaskSheetColumn {
  const column = BY_FIELD.get(field);
  if (!column) throw new Error(`unknown task sheet field ${field}`);
  return column;
}

/** The canonical header of a field: 目标值 for targetValue. */
export function headerOf(field: TaskSheetField): string {
  return columnOf(field).header;
}

/** `* 目标值（数字）：` → `目标值`; `Target Value` → `targetvalue`. */
export function normalizeHeader(text: string): string {
  return toHalfWidth(stripInvisible(text))
    .replace(/\s+/g, "")
    .replace(/^\*+|[*:]+$/g, "")
    .replace(/[([（【][^)\]）】]*[)\]）】]$/u, "")
    .replace(/[\s_-]+/g, "")
    .toLowerCase();
}

const HEADER_LOOKUP = new Map<string, TaskSheetField>(
  TASK_SHEET_COLUMNS.flatMap((c) => [c.header, ...c.synonyms].map((name) => [normalizeHeader(name), c.field] as const)),
);

/** The field a header cell names, or undefined for a column import does not know (it is ignored). */
export function fieldOfHeader(text: string): TaskSheetField | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(text));
}
