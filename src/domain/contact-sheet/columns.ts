import { normalizeHeader } from "../task-sheet/columns.js";

/**
 * The columns of a roster sheet (联络人名单), one row per role of a person: a person who is both a
 * unit's primary contact and on the office takes two rows with the same 姓名 and 手机 (or 编码).
 * Headers are matched as in task sheets (width, spaces, a trailing `*` or hint in brackets ignored).
 */
export const CONTACT_SHEET_COLUMNS = [
  { field: "group", header: "专班", required: true, synonyms: ["专班编码", "工作专班", "group"] },
  { field: "unit", header: "单位", required: true, synonyms: ["所在单位", "成员单位", "unit"] },
  { field: "name", header: "姓名", required: true, synonyms: ["联络人", "name"] },
  { field: "role", header: "角色", required: true, synonyms: ["职责", "role"] },
  { field: "phone", header: "手机", required: true, synonyms: ["手机号", "手机号码", "电话", "phone", "mobile"] },
  { field: "email", header: "邮箱", required: true, synonyms: ["电子邮箱", "email", "e-mail", "mail"] },
  { field: "title", header: "职务", required: false, synonyms: ["职位", "title"] },
  { field: "key", header: "编码", required: false, synonyms: ["联络人编码", "key"] },
  { field: "telegram", header: "Telegram", required: false, synonyms: ["telegram用户名", "tg"] },
  { field: "slack", header: "Slack", required: false, synonyms: ["slack用户", "slack账号"] },
] as const satisfies readonly { field: string; header: string; required: boolean; synonyms: readonly string[] }[];

export type ContactSheetField = (typeof CONTACT_SHEET_COLUMNS)[number]["field"];

export const CONTACT_SHEET_FIELDS: readonly ContactSheetField[] = CONTACT_SHEET_COLUMNS.map((c) => c.field);

const HEADERS = new Map<ContactSheetField, string>(CONTACT_SHEET_COLUMNS.map((c) => [c.field, c.header]));
const LOOKUP = new Map<string, ContactSheetField>(
  CONTACT_SHEET_COLUMNS.flatMap((c) => [c.header, ...c.synonyms].map((n) => [normalizeHeader(n), c.field] as const)),
);

export function contactHeaderOf(field: ContactSheetField): string {
  return HEADERS.get(field) ?? field;
}

export function contactFieldOfHeader(text: string): ContactSheetField | undefined {
  return LOOKUP.get(normalizeHeader(text));
}

/** The roles of the 角色 column and what each means in the data model. */
export const ROSTER_ROLES = [
  { role: "primary", label: "主联络人", words: ["主联络人", "联络人", "主要联络人", "primary"] },
  { role: "deputy-contact", label: "备用联络人", words: ["备用联络人", "副联络人", "备份联络人", "deputycontact"] },
  { role: "convenor", label: "召集人", words: ["召集人", "convenor"] },
  { role: "deputy", label: "副召集人", words: ["副召集人", "deputy"] },
  { role: "office", label: "专班办公室", words: ["专班办公室", "办公室", "office"] },
] as const;

export type RosterRole = (typeof ROSTER_ROLES)[number]["role"];

/** Unit contacts report for a unit (the 单位 column is then required); the others lead the group. */
export function isUnitRole(role: RosterRole): role is "primary" | "deputy-contact" {
  return role === "primary" || role === "deputy-contact";
}

export function rosterRoleLabel(role: RosterRole): string {
  return ROSTER_ROLES.find((r) => r.role === role)?.label ?? role;
}
