import type { SeedFileText } from "../../../src/domain/seed/validate.js";

/** A small valid seed set; tests replace or add files to make it wrong in one way. */
export const validFiles: Record<string, string> = {
  "units.yaml": `units:
  - key: hrss
    name: 省人力资源社会保障厅
    shortName: 省人社厅
    aliases: [湖南省人力资源和社会保障厅]
  - key: tax
    name: 省税务局
`,
  "groups.yaml": `groups:
  - key: minsheng
    name: 省打好重点民生保障仗工作专班
    officeUnit: hrss
    memberUnits: [hrss, tax]
`,
  "tasks-minsheng.yaml": `group: minsheng
tasks:
  - key: MS-03
    title: 促进高质量充分就业
    listKind: project
    lead: [hrss]
    participants: [tax]
    targets:
      - key: new-urban-jobs
        metric: 城镇新增就业
        unitOfMeasure: 万人
        targetValue: 70
        direction: increase
        kind: cumulative
    endDate: 2023-12-31
`,
  "contacts.yaml": `contacts:
  - key: c-hrss
    name: 示例联络人（省人社厅）
    isExample: true
    units:
      - { unit: hrss, role: primary }
    groups:
      - { group: minsheng, role: reporter }
`,
  "cycles.yaml": `cycles:
  - { group: minsheng, cycle: dekad }
  - { group: minsheng, cycle: month }
`,
};

/** The valid set with some files replaced (a string) or removed (null), sorted by name. */
export function seedFiles(changes: Record<string, string | null> = {}): SeedFileText[] {
  const all: Record<string, string | null> = { ...validFiles, ...changes };
  return Object.entries(all)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, text]) => ({ name, text }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** The valid file with one exact piece of text replaced; fails loudly if the piece is not there. */
export function edit(file: string, from: string, to: string): Record<string, string> {
  const text = validFiles[file];
  if (text === undefined || !text.includes(from)) throw new Error(`fixture ${file} does not contain ${from}`);
  return { [file]: text.replace(from, to) };
}
