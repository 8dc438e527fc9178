import type { Form, FormField } from "../../src/core/chat/outbound.js";
import { translator, type Locale } from "../../src/core/i18n/catalog.js";
import { renderMessages, type RenderMessageKey } from "../../src/core/i18n/messages/render.js";

/** What skips an optional field: the same answer the guided report takes. */
const SKIP_ANSWERS: readonly string[] = ["-", "－"];

export type FormAnswer =
  { kind: "invalid"; message: string } | { kind: "next" } | { kind: "done"; values: Record<string, string> };

/**
 * A form asked field by field, as the console's stand-in for a Slack modal. Select fields are
 * answered by number (or by the option's label); Enter keeps a field's initial value, and "-" skips
 * an optional one, as in the guided questions of the chat platforms (which cannot send an empty
 * message); Enter on an optional field without a value skips it too. The values are checked only for their shape (a number is a number); what they
 * mean is the core's business when the form is submitted.
 */
export class FormFlow {
  private index = 0;
  private readonly values: Record<string, string> = {};
  private readonly t: ReturnType<typeof translator<RenderMessageKey>>;

  constructor(
    readonly form: Form,
    locale: Locale,
  ) {
    this.t = translator(renderMessages, locale);
  }

  /** The intro line shown when the form opens. */
  intro(): string {
    return this.t("console.form.start", { title: this.form.title, count: this.form.fields.length });
  }

  /** The current field as a prompt, with its numbered options for a select. */
  question(): string {
    const field = this.current();
    if (!field) return "";
    const { t } = this;
    let hints = "";
    if (field.initial) hints = t("console.form.keep", { value: this.initialLabel(field) });
    else if (field.kind !== "select" && field.optional) hints = t("console.form.skip");
    const unit = field.kind === "number" && field.unit ? t("console.form.unit", { unit: field.unit }) : "";
    const line = t("console.form.question", {
      n: this.index + 1,
      total: this.form.fields.length,
      label: field.label,
      unit,
      hints,
    });
    if (field.kind !== "select") return line;
    return `${line}\n${field.options.map((option, i) => `  [${i + 1}] ${option.label}`).join("\n")}`;
  }

  answer(input: string): FormAnswer {
    const field = this.current();
    if (!field) return { kind: "done", values: { ...this.values } };
    const value = this.accept(field, input.replace(/\r\n?/g, "\n"));
    if (typeof value !== "string") return value;
    this.values[field.id] = value;
    this.index += 1;
    return this.index >= this.form.fields.length ? { kind: "done", values: { ...this.values } } : { kind: "next" };
  }

  private current(): FormField | undefined {
    return this.form.fields[this.index];
  }

  private accept(field: FormField, input: string): string | { kind: "invalid"; message: string } {
    const { t } = this;
    const trimmed = input.trim();
    if (field.kind !== "select" && SKIP_ANSWERS.includes(trimmed)) {
      return field.optional ? "" : { kind: "invalid", message: t("console.form.required") };
    }
    if (trimmed === "") {
      if (field.initial !== undefined && field.initial !== "") return field.initial;
      if (field.kind !== "select" && field.optional) return "";
      return { kind: "invalid", message: t("console.form.required") };
    }
    switch (field.kind) {
      case "select": {
        const wanted = trimmed.normalize("NFKC");
        const byNumber = /^\d+$/.test(wanted) ? field.options[Number(wanted) - 1] : undefined;
        const option =
          byNumber ?? field.options.find((o) => o.label.normalize("NFKC") === wanted || o.value === wanted);
        return option
          ? option.value
          : { kind: "invalid", message: t("console.form.badChoice", { max: field.options.length }) };
      }
      case "number": {
        let text = trimmed.normalize("NFKC").replace(/,/g, "");
        const unit = field.unit?.normalize("NFKC");
        if (unit && text.endsWith(unit)) text = text.slice(0, -unit.length).trim();
        return /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)
          ? text
          : { kind: "invalid", message: t("console.form.badNumber") };
      }
      case "text":
        return field.multiline ? input.trim() : trimmed;
    }
  }

  private initialLabel(field: FormField): string {
    if (field.kind !== "select") return field.initial ?? "";
    return field.options.find((o) => o.value === field.initial)?.label ?? field.initial ?? "";
  }
}
