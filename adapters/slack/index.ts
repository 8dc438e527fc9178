/**
 * The Slack adapter (@slack/bolt): HTTP mode or Socket Mode, Block Kit rendering, the report form
 * as a modal, Web API errors mapped to DeliveryError. Set-up for admins: README.md beside this file.
 */
export { SlackAdapter, createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapterConfig } from "./adapter.js";
export { toDeliveryError } from "./errors.js";
export { modalErrors } from "./modal-errors.js";
export { parseBlockAction, parseDirectMessage, parseSlashCommand, parseViewSubmission } from "./parse.js";
export { renderModal, renderSlack, SLACK_LIMITS } from "./render.js";
