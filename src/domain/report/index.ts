// Report text parsing and validation (pure, no I/O). See template.ts for the text format and
// schema.ts for the rules every input path (text, guided flow, form) shares.

export * from "./types.js";
export { TEMPLATE_LABELS, label, statusLabel, type TemplateField } from "./labels.js";
export {
  foldKey,
  normalizeInline,
  normalizeKey,
  normalizeText,
  stripInvisible,
  stripThousandsSeparators,
  toHalfWidth,
  unifyLineBreaks,
} from "./normalize.js";
export {
  convertQuantity,
  formatNumber,
  parseQuantity,
  shiftDecimal,
  splitUnit,
  MAX_NUMBER_DIGITS,
  MAX_UNIT_LENGTH,
  type ConversionResult,
  type Quantity,
  type QuantityErrorCode,
  type QuantityResult,
  type UnitParts,
} from "./number.js";
export { parseReportText, type ParseContext } from "./template.js";
export {
  reportDraftSchema,
  reportDraftSchemaFor,
  reportStatusSchema,
  reportValueSchema,
  validateReportDraft,
  MAX_ABS_VALUE,
  MAX_FIELD_LENGTH,
  MAX_KEY_LENGTH,
  MAX_TEXT_LENGTH,
  MAX_VALUES,
  REQUIRED_TEXT_FIELDS,
} from "./schema.js";
export { blankTemplate, exampleTemplate, exampleValue, type ExampleOptions, type TemplateOptions } from "./example.js";
