import { FORM_ERROR_GENERAL } from "../../src/core/chat/outbound.js";
import type { ViewSubmissionPayload } from "./parse.js";

/**
 * The core's field errors as a view_submission's `errors`, keyed by the modal's input block ids;
 * a reason that belongs to no field goes on the first input.
 */
export function modalErrors(
  formErrors: Record<string, string>,
  payload: ViewSubmissionPayload,
): Record<string, string> {
  const blockIds = Object.keys(payload.view.state?.values ?? {});
  const errors: Record<string, string> = {};
  for (const [field, reason] of Object.entries(formErrors)) {
    const blockId = field !== FORM_ERROR_GENERAL && blockIds.includes(field) ? field : blockIds[0];
    if (!blockId) continue;
    errors[blockId] = errors[blockId] ? `${errors[blockId]}；${reason}` : reason;
  }
  return errors;
}
