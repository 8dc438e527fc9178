import { AppError } from "../core/errors.js";
import { CliError } from "./cli-error.js";

/** The CLI's one-line English wording of core errors (chat users get the message catalogue). */
export function describeAppError(error: unknown, command: string): unknown {
  if (!(error instanceof AppError)) return error;
  const p = error.params;
  const text: Record<AppError["code"], string> = {
    group_not_found: `no work group "${p.group}"; groups: ${p.known}`,
    unit_not_found: `no unit "${p.unit}" (use a unit key, name or alias from the seed data)`,
    contact_not_found:
      p.unit === undefined
        ? `no contact with the key or name "${p.contact}" (office staff: a key such as c-ms-office; a unit's contact: --unit KEY --contact NAME)`
        : `no contact "${p.contact}" in ${p.unit}`,
    task_not_found: `no task "${p.task}"`,
    no_contact_for_unit: `${p.unit} has no contact yet; add one to the seed data first`,
    ambiguous_contact: `"${p.contact}" matches several contacts; use the contact key`,
    invalid_argument: `--${p.name} must be ${p.reason}`,
  };
  return new CliError(`zhuanban ${command}: ${text[error.code]}`);
}
