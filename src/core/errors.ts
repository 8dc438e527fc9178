/**
 * A failure the user can act on, with a stable code and parameters. The words come from the
 * message catalogue (or the CLI's own English line), never from the place that throws.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = "AppError";
  }
}

export type AppErrorCode =
  | "group_not_found"
  | "unit_not_found"
  | "contact_not_found"
  | "task_not_found"
  | "no_contact_for_unit"
  | "ambiguous_contact"
  | "invalid_argument";
