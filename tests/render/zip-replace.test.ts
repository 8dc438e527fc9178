import JSZip from "jszip";
import { describe, expect, it } from "vitest";

import { replaceZipEntries } from "../../src/render/export/zip-replace.js";

async function archive(options: JSZip.JSZipGeneratorOptions<"nodebuffer"> = {}): Promise<Buffer> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", "<Types/>");
  zip.file("word/document.xml", "<w:document>old</w:document>");
  zip.file("word/styles.xml", "<w:styles>仿宋</w:styles>", { compression: "STORE" });
  zip.folder("docProps");
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", ...options });
}

describe("replaceZipEntries", () => {
  it("replaces one entry and keeps the others, each with a valid checksum", async () => {
    const big = `<w:document>${"<w:p><w:r><w:t>进展顺利</w:t></w:r></w:p>".repeat(20_000)}</w:document>`;
    const patched = replaceZipEntries(await archive(), new Map([["word/document.xml", big]]));
    const zip = await JSZip.loadAsync(patched, { checkCRC32: true });
    expect(Object.keys(zip.files)).toEqual([
      "[Content_Types].xml",
      "word/",
      "word/document.xml",
      "word/styles.xml",
      "docProps/",
    ]);
    expect(await zip.file("word/document.xml")?.async("string")).toBe(big);
    expect(await zip.file("word/styles.xml")?.async("string")).toBe("<w:styles>仿宋</w:styles>");
    expect(await zip.file("[Content_Types].xml")?.async("string")).toBe("<Types/>");
    // Compressed, not stored: 20,000 repeats shrink to almost nothing.
    expect(patched.length).toBeLessThan(big.length / 50);
  });

  it("copies entries written with data descriptors (streamed zips) as they are", async () => {
    const patched = replaceZipEntries(
      await archive({ streamFiles: true }),
      new Map([["word/styles.xml", Buffer.from("<w:styles/>")]]),
    );
    const zip = await JSZip.loadAsync(patched, { checkCRC32: true });
    expect(await zip.file("word/document.xml")?.async("string")).toBe("<w:document>old</w:document>");
    expect(await zip.file("word/styles.xml")?.async("string")).toBe("<w:styles/>");
  });

  it("refuses to replace an entry the archive does not have, and what is not a zip", async () => {
    await expect(async () => replaceZipEntries(await archive(), new Map([["word/missing.xml", "x"]]))).rejects.toThrow(
      "zip: no entry word/missing.xml",
    );
    expect(() => replaceZipEntries(Buffer.from("not a zip"), new Map())).toThrow("zip: no end of central directory");
  });
});
