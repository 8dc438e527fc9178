import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { z } from "zod";
import { checkSeedSet, formatPath } from "./check.js";
import type { SeedPath } from "./check.js";
import { seedFileSchema } from "./schema.js";
import type { SeedFile, SeedSet } from "./schema.js";

/** One seed file's name (as shown in messages) and its text. YAML or JSON. */
export interface SeedFileText {
  name: string;
  text: string;
}

/** One problem, located well enough for an editor to jump to it. */
export interface SeedError {
  /** The file's name as passed in. */
  file: string;
  /** Where inside the file, e.g. `tasks[3].targets[0].targetValue`; empty for the file as a whole. */
  path: string;
  /** 1-based line in the file, when it can be told. */
  line?: number;
  column?: number;
  /** What is wrong, in plain words. */
  message: string;
}

export type SeedValidation = { ok: true; seed: SeedSet; warnings: SeedError[] } | { ok: false; errors: SeedError[] };

type Section = keyof SeedSet;

interface ParsedFile {
  name: string;
  doc: Document;
  lines: LineCounter;
  data: SeedFile;
}

/**
 * Parses and checks a whole seed set. Each file is checked on its own first (YAML syntax, then
 * its schema); only when every file is sound are the files merged and the cross-file references
 * checked. Errors are returned, never thrown, in file order.
 */
export function validateSeedFiles(files: readonly SeedFileText[]): SeedValidation {
  if (files.length === 0) return { ok: false, errors: [{ file: "", path: "", message: "no seed files were given" }] };

  const errors: SeedError[] = [];
  const parsed: ParsedFile[] = [];
  const names = new Set<string>();
  for (const file of files) {
    if (names.has(file.name)) {
      errors.push({ file: file.name, path: "", message: "this file name is given twice" });
      continue;
    }
    names.add(file.name);
    const result = parseFile(file);
    if ("errors" in result) errors.push(...result.errors);
    else parsed.push(result);
  }
  if (errors.length > 0) return { ok: false, errors };

  const { seed, origins } = merge(parsed);
  const byName = new Map(parsed.map((p) => [p.name, p]));
  const locate = (path: SeedPath, message: string): SeedError => {
    const origin = origins.locate(path);
    const file = byName.get(origin.file);
    return { file: origin.file, path: formatPath(origin.path), message, ...(file ? position(file, origin.path) : {}) };
  };
  const describe = (path: SeedPath) => {
    const origin = origins.locate(path);
    return `${origin.file} ${formatPath(origin.path)}`;
  };
  const checked = checkSeedSet(seed, describe);
  if (checked.errors.length > 0) {
    return {
      ok: false,
      errors: sortErrors(
        checked.errors.map((e) => locate(e.path, e.message)),
        files,
      ),
    };
  }
  return {
    ok: true,
    seed,
    warnings: sortErrors(
      checked.warnings.map((w) => locate(w.path, w.message)),
      files,
    ),
  };
}

function parseFile(file: SeedFileText): ParsedFile | { errors: SeedError[] } {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, { lineCounter: lines, prettyErrors: false });
  const [first, ...rest] = doc.errors;
  if (first !== undefined) {
    // Later syntax errors are mostly consequences of the first one; report it alone.
    const at = lines.linePos(first.pos[0]);
    const more = rest.length > 0 ? ` (${rest.length} more problem(s) may follow from it)` : "";
    return {
      errors: [
        {
          file: file.name,
          path: "",
          line: at.line,
          column: at.col,
          message: `the file is not valid YAML: ${firstLine(first.message)}${more}`,
        },
      ],
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    return { errors: [{ file: file.name, path: "", message: "the file is empty" }] };
  }
  const result = seedFileSchema.safeParse(raw, { reportInput: true });
  if (result.success) return { name: file.name, doc, lines, data: result.data };
  const parsed = { name: file.name, doc, lines };
  return {
    errors: result.error.issues
      .flatMap((issue) => describeIssue(issue))
      .map(({ path, message }) => ({
        file: file.name,
        path: formatPath(path),
        message,
        ...position(parsed, path),
      })),
  };
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.trim() ?? message;
}

/** Turns a zod issue into plain words; an unknown-fields issue becomes one error per field. */
function describeIssue(issue: z.core.$ZodIssue): { path: SeedPath; message: string }[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  const field = path.at(-1);
  const name = typeof field === "string" ? `"${field}"` : "this entry";
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return [{ path, message: `${name} is required but missing` }];
      return [{ path, message: `must be ${expected(issue.expected)}, not ${shown(issue.input)}` }];
    case "invalid_value":
      return [
        {
          path,
          message: `must be one of ${issue.values.map((v) => String(v)).join(", ")}, not ${shown(issue.input)}`,
        },
      ];
    case "unrecognized_keys":
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: `unknown field "${key}" (check the spelling)`,
      }));
    case "too_small":
      if (issue.origin === "string") return [{ path, message: `${name} must not be empty` }];
      if (issue.origin === "array") return [{ path, message: `${name} must list at least ${issue.minimum} item(s)` }];
      return [{ path, message: `must be at least ${issue.minimum}` }];
    case "invalid_format":
      return [{ path, message: `${issue.message}, not ${shown(issue.input)}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

function expected(type: string): string {
  switch (type) {
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "string":
      return "text";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
      return "a mapping of fields";
    default:
      return type;
  }
}

function shown(value: unknown): string {
  if (typeof value === "string") return `the text "${value}"`;
  if (Array.isArray(value)) return "a list";
  if (value === null) return "an empty value";
  if (typeof value === "object") return "a mapping of fields";
  return String(value);
}

/** Line and column of the node at `path`, or of its nearest ancestor that exists. */
function position(file: Pick<ParsedFile, "doc" | "lines">, path: SeedPath): { line?: number; column?: number } {
  let node: unknown = file.doc.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(file.doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === segment);
      next = pair?.value ?? pair?.key;
    } else if (isSeq(node) && typeof segment === "number") {
      next = node.items[segment];
    }
    const start = rangeStart(next);
    if (start === undefined) break;
    node = next;
    offset = start;
  }
  if (offset === undefined) return {};
  const at = file.lines.linePos(offset);
  return { line: at.line, column: at.col };
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

interface Origin {
  file: string;
  path: SeedPath;
}

/** Merges the files' sections in file order and remembers where each merged item came from. */
function merge(files: ParsedFile[]): { seed: SeedSet; origins: { locate(path: SeedPath): Origin } } {
  const seed: SeedSet = { units: [], groups: [], tasks: [], contacts: [], cycles: [] };
  const from: Record<Section, Origin[]> = { units: [], groups: [], tasks: [], contacts: [], cycles: [] };
  for (const file of files) {
    const { data } = file;
    const add = <K extends Exclude<Section, "tasks">>(section: K, items: SeedSet[K] | undefined) => {
      items?.forEach((item, i) => {
        (seed[section] as (typeof item)[]).push(item);
        from[section].push({ file: file.name, path: [section, i] });
      });
    };
    add("units", data.units);
    add("groups", data.groups);
    add("contacts", data.contacts);
    add("cycles", data.cycles);
    const group = data.group;
    if (group !== undefined) {
      data.tasks?.forEach((task, i) => {
        seed.tasks.push({ group, ...task });
        from.tasks.push({ file: file.name, path: ["tasks", i] });
      });
    }
  }
  const locate = (path: SeedPath): Origin => {
    const [section, index, ...rest] = path;
    const origin = typeof index === "number" ? from[section as Section]?.[index] : undefined;
    if (origin === undefined) return { file: "", path };
    // A task's group is written once, at the top of its file.
    if (section === "tasks" && rest[0] === "group") return { file: origin.file, path: ["group"] };
    return { file: origin.file, path: [...origin.path, ...rest] };
  };
  return { seed, origins: { locate } };
}

function sortErrors(errors: SeedError[], files: readonly SeedFileText[]): SeedError[] {
  const order = new Map(files.map((f, i) => [f.name, i]));
  return errors
    .map((e, i) => ({ e, i }))
    .sort(
      (a, b) =>
        (order.get(a.e.file) ?? -1) - (order.get(b.e.file) ?? -1) || (a.e.line ?? 0) - (b.e.line ?? 0) || a.i - b.i,
    )
    .map(({ e }) => e);
}

/** `tasks-minsheng.yaml:42:7 tasks[3].targets[0].targetValue: must be a number, not the text "七十"` */
export function formatSeedError(error: SeedError): string {
  const where = [error.file || "(seed)", error.line, error.line !== undefined ? error.column : undefined]
    .filter((part) => part !== undefined)
    .join(":");
  return error.path ? `${where} ${error.path}: ${error.message}` : `${where}: ${error.message}`;
}
