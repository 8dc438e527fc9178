import { writeFileSync } from "node:fs";
import { digestToDocx } from "./src/render/export/digest-docx.js";
import { digestToMarkdown } from "./src/render/export/digest-markdown.js";
import { monthDigest, dekadDigest } from "./tests/render/fixtures.js";
const t0 = performance.now();
writeFileSync("/tmp/i14-month.docx", await digestToDocx(monthDigest(), { issue: { number: 3, updated: true } }));
writeFileSync("/tmp/i14-dekad.docx", await digestToDocx(dekadDigest(), { issue: { number: 5, updated: false } }));
console.log(performance.now() - t0);
writeFileSync("/tmp/i14-month.md", digestToMarkdown(monthDigest(), { chartFileBase: "minsheng-2023-M01" }));
