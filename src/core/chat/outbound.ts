import type { TargetKind } from "../../domain/target/kind.js";
import type { ChartData } from "./chart-data.js";

/**
 * The platform-neutral message model. The core builds messages from these blocks; each adapter
 * renders them natively (Block Kit and modals on Slack, HTML and inline keyboards on Telegram,
 * plain text on the console). Every string here is already in the reader's language; user text
 * inside it is raw and is escaped by the renderer for its target format.
 */
export type Block =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: { label: string; value: string }[] }
  | { type: "table"; columns: string[]; rows: string[][] }
  | { type: "progress"; label: string; ratio: number | null; light: Light; detail: string }
  | { type: "buttons"; buttons: Button[] }
  | { type: "form"; form: Form }
  | { type: "divider" }
  /**
   * A picture drawn from data (src/render/charts). `alt` states the same figures in words: what a
   * platform or file without images shows instead, and what screen readers read.
   */
  | { type: "chart"; chart: ChartData; alt: string };

export type Light = "green" | "yellow" | "red" | "done" | "none";

/** A button carries an action id and an opaque value the core gets back when it is pressed. */
export interface Button {
  actionId: string;
  label: string;
  value: string;
  style?: "primary" | "danger";
}

/** A form: a Slack modal, console prompts; Telegram falls back to the guided flow. */
export interface Form {
  formId: string;
  title: string;
  submitLabel: string;
  /** Opaque context returned with the submission (task and period the form is about). */
  context: string;
  fields: FormField[];
  /**
   * The button that opens this form again, for where it cannot open right now (Slack's trigger
   * expired, the form sent as a plain message, a platform without forms).
   */
  reopen?: Button;
}

export type FormField =
  | { kind: "select"; id: string; label: string; options: { value: string; label: string }[]; initial?: string }
  | {
      kind: "number";
      id: string;
      label: string;
      unit?: string;
      initial?: string;
      optional?: boolean;
      /** The values the target may take (its kind and own bounds), so a platform can refuse others at once. */
      accepts?: NumberFieldAccepts;
    }
  | { kind: "text"; id: string; label: string; multiline: boolean; initial?: string; optional?: boolean };

/** A report value's kind and the target's own bounds (null = the kind's default, src/domain/target/kind.ts). */
export interface NumberFieldAccepts {
  kind: TargetKind;
  minValue: number | null;
  maxValue: number | null;
}

export interface Outbound {
  blocks: Block[];
  /** A plain-text summary for notifications and platforms that show one line. */
  summary: string;
  /**
   * true: only the recipient sees it; false: meant for everyone in the chat (a digest); unset: the
   * platform's usual way of answering (Slack answers slash commands ephemerally). Ignored where the
   * chat is private anyway.
   */
  ephemeral?: boolean;
  /**
   * Set when this message answers a submitted form that was refused: the reason for each field,
   * keyed by form field id (`FORM_ERROR_GENERAL` for what belongs to no one field). A platform
   * with real forms shows them on the fields (Slack's modal); the others show the message.
   */
  formErrors?: Record<string, string>;
  /**
   * Set when the message is already an outbox row under this key, written with what it confirms
   * and held by this process: the adapter sends it now under the same key and the row is marked
   * sent, or handed to the outbox if it cannot go out in time; after a crash the outbox sends it.
   */
  keptKey?: string;
}

/** The key of {@link Outbound.formErrors} for a reason that belongs to no single field. */
export const FORM_ERROR_GENERAL = "_form";
