import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { issueGroupInvites, type GroupInvites } from "../../core/invites.js";
import { rosterRoleLabel, type RosterRole } from "../../domain/contact-sheet/columns.js";
import { systemClock } from "../../domain/time/clock.js";
import { formatInstant } from "../../render/digest-text.js";
import { createInviteStore } from "../../store/invite-store.js";
import { CliError } from "../cli-error.js";
import { optionalString, type CliIo, type ParsedArgs } from "../command.js";
import { withDatabase } from "../context.js";
import { describeAppError } from "../describe-error.js";
import { bindHint, platformsOf } from "./invite-hint.js";

const ROLE_LABELS: Record<string, string> = { reporter: "报送人" };

/** `zhuanban invite --group KEY --all [--out FILE.xlsx]`: codes for everyone of a group not yet bound. */
export async function runGroupInvites(args: ParsedArgs, io: CliIo, validDays: number): Promise<void> {
  const groupKey = optionalString(args, "group") as string;
  if (args.values.all !== true) {
    throw new CliError("zhuanban invite: --group needs --all (one code for everyone of the group not yet bound)");
  }
  const out = optionalString(args, "out");
  if (out && !/\.xlsx$/i.test(out)) throw new CliError(`zhuanban invite: --out must name an .xlsx file, got "${out}"`);
  await withDatabase(io, { migrate: false }, async (db, config) => {
    const platforms = platformsOf(config, optionalString(args, "telegram-bot"));
    const invites = await issueGroupInvites(
      { group: groupKey, validDays },
      { store: createInviteStore(db.prisma), clock: systemClock, randomBytes },
    ).catch((error: unknown) => {
      throw describeAppError(error, "invite");
    });
    const expires = (at: Date) => `${formatInstant(at.toISOString(), invites.group.timezone)}`;
    const zone = invites.group.timezone === "Asia/Shanghai" ? "北京时间" : invites.group.timezone;
    if (invites.examplesSkipped > 0) {
      io.err(`warning: ${invites.examplesSkipped} example contacts left out (replace them: zhuanban import-contacts)`);
    }
    if (out) {
      await writeSheet(out, invites, platforms, expires, zone);
      io.out(
        `invite ${invites.group.key}: ${invites.issued.length} codes → ${out} (valid until ${describeExpiry(invites, expires, zone)})`,
      );
    } else {
      for (const invite of invites.issued) {
        io.out(
          `${invite.unit?.name ?? "-"}  ${invite.contact.name}  ${invite.code}  valid until ${expires(invite.expiresAt)} (${zone})`,
        );
      }
      io.out(`invite ${invites.group.key}: ${invites.issued.length} codes`);
    }
    if (invites.issued.length > 0) io.out(bindHint(config, platforms));
  });
}

function describeExpiry(invites: GroupInvites, expires: (at: Date) => string, zone: string): string {
  const first = invites.issued[0];
  return first ? `${expires(first.expiresAt)} ${zone}` : "-";
}

async function writeSheet(
  out: string,
  invites: GroupInvites,
  platforms: ReturnType<typeof platformsOf>,
  expires: (at: Date) => string,
  zone: string,
): Promise<void> {
  // exceljs and the QR code library load only here, not with every CLI command.
  const { writeInviteSheetXlsx } = await import("../../render/export/invite-sheet-xlsx.js");
  const buffer = await writeInviteSheetXlsx(
    invites.issued.map((i) => ({
      name: i.contact.name,
      unit: i.unit?.name ?? "",
      roles: i.roles.map((r) => ROLE_LABELS[r] ?? rosterRoleLabel(r as RosterRole)).join("、"),
      phone: i.phone ?? "",
      email: i.email ?? "",
      code: i.code,
      expires: expires(i.expiresAt),
    })),
    platforms,
    {
      expiresHeader: `有效期至（${zone}）`,
      guide: [
        "使用说明",
        "",
        "1. 每人一个邀请码，只能使用一次，过期作废；请通过可信渠道（如工作邮箱、短信）分别发给本人。",
        ...(platforms.telegramBot
          ? ["2. Telegram：在手机上点开“Telegram 链接”或扫描二维码，进入机器人对话后点“开始”（Start），即完成绑定。"]
          : []),
        ...(platforms.slack ? ["3. Slack：在与机器人的私信中发送 /zhuanban bind 邀请码。"] : []),
        ...(platforms.console ? ["4. 控制台（试用）：输入 /as 姓名 即以该联络人身份操作，不需要邀请码。"] : []),
        "5. 邀请码过期或丢失时，由专班办公室重新生成：zhuanban invite --group 专班编码 --all --out 邀请码.xlsx（已绑定的人不会重复生成）。",
      ],
    },
  );
  try {
    await writeFile(path.resolve(out), buffer);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "its folder does not exist" : `(${code ?? String(cause)})`;
    throw new CliError(`zhuanban invite: cannot write ${out}: ${reason}`, 1);
  }
}
