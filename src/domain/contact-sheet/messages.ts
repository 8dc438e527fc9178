import { CONTACT_SHEET_COLUMNS } from "./columns.js";

/** Every Chinese sentence of the roster import and export, in one place (the CLI prints them as they are). */

const REQUIRED_HEADERS = CONTACT_SHEET_COLUMNS.filter((c) => c.required)
  .map((c) => c.header)
  .join("、");
const q = (value: string) => `“${value}”`;

export const ROSTER_MESSAGES = {
  noHeader: () => `找不到表头：前10行中应有一行表头（${REQUIRED_HEADERS}）`,
  missingColumns: (headers: string[]) => `表头缺少列：${headers.join("、")}（表头应为：${REQUIRED_HEADERS}）`,
  duplicateColumn: (header: string) => `${q(header)}列重复`,
  noRows: () => "表头下面没有联络人",
  required: (header: string) => `${header}不能为空`,
  unknownGroup: (value: string, known: string[]) =>
    `专班${q(value)}不存在（可填专班编码或名称：${known.join("、") || "尚无专班，先运行 zhuanban seed"}）`,
  badRole: (value: string) => `角色${q(value)}无效，应为主联络人、备用联络人、召集人、副召集人或专班办公室`,
  unitRequired: () => "主联络人、备用联络人须填写单位",
  notMember: (unit: string, group: string) => `单位${q(unit)}不是${group}的成员单位`,
  badPhone: (value: string) => `手机${q(value)}格式不对，应为11位手机号（可带 +86、空格或连字符）`,
  badEmail: (value: string) => `邮箱${q(value)}格式不对，如 zhangsan@example.gov.cn`,
  needPhoneOrEmail: () => "手机和邮箱至少填一项（用来区分同名的人，也用于发送邀请码）",
  badKey: (value: string) => `编码${q(value)}格式不对，应为小写字母开头的字母、数字和连字符，如 c-zhangsan`,
  personConflict: (header: string, row: number) => `${header}与第${row}行同一人的填写不一致`,
  keyOfAnother: (key: string, row: number) => `编码${q(key)}已用于第${row}行的另一个人`,
  duplicateRole: (row: number) => `与第${row}行重复（同一人、同一专班、同一单位、同一角色只填一行）`,
  twoPrimaries: (unit: string, row: number) =>
    `${q(unit)}已有主联络人（第${row}行）；每个单位只能有一个主联络人，其他人填备用联络人`,
} as const;

/** The 填表说明 sheet of the exported roster. */
export const ROSTER_GUIDE: readonly string[] = [
  "填表说明",
  "",
  "1. 第一个工作表为联络人名单，第1行为表头，不要改动表头文字；每行是一个人的一个角色。",
  "2. 专班：专班编码（如 minsheng）或专班名称。一个文件可以包含几个专班；导入时只更新文件中出现的专班。",
  "3. 角色：主联络人、备用联络人、召集人、副召集人、专班办公室。主联络人和备用联络人负责本单位的报送，须填写单位；每个单位只能有一个主联络人。",
  "4. 单位：单位全称、简称、别名或编码，须是该专班的成员单位。召集人、副召集人、专班办公室的单位可以不填。",
  "5. 同一个人有几个角色时填几行，姓名和手机（或编码）相同。",
  "6. 手机、邮箱至少填一项：用来区分同名的人，邀请码也发到这里。",
  "7. 编码：导出时自动填写，用来在再次导入时识别联络人，不要改动；新增的人留空即可。",
  "8. Telegram、Slack：选填，对方在平台上的用户名，便于办公室核对。",
  "9. 导入某单位的真实联络人后，该单位的示例联络人自动停用（保留历史记录，不再提醒）。",
  "10. 名单中没有的人，其在本专班的角色被取消；不再担任任何角色的人被停用：保留历史记录，解除聊天账号绑定，并通知专班办公室。",
  "11. 有任何错误时整个文件不导入，并列出所有出错的行；可先用 --dry-run 检查。",
  "12. 导入后用 zhuanban invite --group 专班编码 --all --out 邀请码.xlsx 为尚未绑定的人生成邀请码。",
];
