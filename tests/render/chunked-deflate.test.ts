import { crc32, inflateRawSync } from "node:zlib";

import JSZip from "jszip";
import { describe, expect, it } from "vitest";

import { ChunkedDeflate } from "../../src/render/export/chunked-deflate.js";
import { replaceZipEntries, type ZipContent } from "../../src/render/export/zip-replace.js";

describe("ChunkedDeflate", () => {
  it("writes one deflate stream of the whole text, however many pieces it took", async () => {
    const row = (i: number) =>
      `<w:tr><w:tc><w:p><w:r><w:t>第${i}项 进展顺利 &amp; 按时</w:t></w:r></w:p></w:tc></w:tr>`;
    const texts: string[] = [];
    // About 9 million characters: several pieces of 2 million.
    for (let i = 0; i < 120_000; i++) texts.push(row(i));
    const writer = new ChunkedDeflate();
    for (const text of texts) writer.write(text);
    const { deflated, crc, size } = await writer.finish();
    const whole = Buffer.from(texts.join(""), "utf8");
    expect(inflateRawSync(deflated).equals(whole)).toBe(true);
    expect(size).toBe(whole.length);
    expect(crc).toBe(crc32(whole));
    expect(deflated.length).toBeLessThan(whole.length / 10);
  });

  it("takes a text longer than a piece in one write, between short ones", async () => {
    const texts = ["<w:body>", "进展".repeat(1_500_000), "</w:body>"];
    const writer = new ChunkedDeflate();
    for (const text of texts) writer.write(text);
    const { deflated, crc, size } = await writer.finish();
    const whole = Buffer.from(texts.join(""), "utf8");
    expect(inflateRawSync(deflated).equals(whole)).toBe(true);
    expect([size, crc]).toEqual([whole.length, crc32(whole)]);
  });

  it("writes an empty text as an empty stream", async () => {
    const { deflated, size } = await new ChunkedDeflate().finish();
    expect(inflateRawSync(deflated).length).toBe(0);
    expect(size).toBe(0);
  });
});

describe("replaceZipEntries with content prepared beforehand", () => {
  it("takes a deflated stream as it is, and stores what it is told to store", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<old/>");
    zip.file("word/media/image1.png", "placeholder");
    const archive = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    const writer = new ChunkedDeflate();
    writer.write("<w:document>");
    writer.write("民生实事".repeat(1000));
    writer.write("</w:document>");
    const png = Buffer.from("\x89PNG pretend picture bytes", "latin1");
    const patched = replaceZipEntries(
      archive,
      new Map<string, ZipContent>([
        ["word/document.xml", await writer.finish()],
        ["word/media/image1.png", { stored: png }],
      ]),
    );
    const read = await JSZip.loadAsync(patched, { checkCRC32: true });
    expect(await read.file("word/document.xml")?.async("string")).toBe(
      `<w:document>${"民生实事".repeat(1000)}</w:document>`,
    );
    expect((await read.file("word/media/image1.png")?.async("nodebuffer"))?.equals(png)).toBe(true);
    // Stored: the bytes are in the archive as they are (compression method 0).
    expect(patched.includes(png)).toBe(true);
  });
});
