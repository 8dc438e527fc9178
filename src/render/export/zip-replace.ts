import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

import type { DeflatedContent } from "./chunked-deflate.js";

/**
 * A replacement stored as it is, not compressed: what is compressed already (a PNG), where deflating
 * again would cost time for nothing.
 */
export interface StoredContent {
  stored: Buffer;
}

/** What an entry can be replaced with: text or bytes to deflate, or content prepared beforehand. */
export type ZipContent = string | Buffer | StoredContent | DeflatedContent;

/**
 * Replaces the content of files in a ZIP archive (a .docx or .xlsx package), compressing the new
 * content with Node's native zlib (or storing it, {@link StoredContent}, or taking it compressed
 * already, {@link DeflatedContent}) and copying every other entry as it is, still compressed.
 *
 * Why: docx and exceljs compress their packages in JavaScript (fflate, pako), which for the
 * megabytes of XML of a full-period 旬简报 took longer than writing the XML itself; native
 * deflate is four to five times faster. Only what these libraries write is supported: one disk,
 * no ZIP64, no archive comment beyond what the end record declares.
 */
export function replaceZipEntries(zip: Uint8Array, replacements: ReadonlyMap<string, ZipContent>): Buffer {
  const archive = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const entries = readCentralDirectory(archive);
  const missing = [...replacements.keys()].filter((name) => !entries.some((entry) => entry.name === name));
  if (missing.length > 0) throw new Error(`zip: no entry ${missing.join(", ")}`);

  // Each entry's local part runs from its header to the next entry's (or the directory).
  const starts = [...entries.map((entry) => entry.localOffset), entries.directoryOffset].sort((a, b) => a - b);
  const localEnd = (offset: number) => starts.find((start) => start > offset) ?? entries.directoryOffset;

  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const content = replacements.get(entry.name);
    let header = entry.header;
    if (content === undefined) {
      const local = archive.subarray(entry.localOffset, localEnd(entry.localOffset));
      parts.push(local);
      header = Buffer.from(header);
      header.writeUInt32LE(offset, 42);
      offset += local.length;
    } else {
      const { compressed, crc, size, method } = prepared(content);
      if (compressed.length > 0xffffffff || size > 0xffffffff) throw new Error("zip: entry too large");
      const name = Buffer.from(entry.name, "utf8");
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(method === 8 ? 20 : 10, 4); // version needed: deflate, or none
      local.writeUInt16LE(0x0800, 6); // flags: UTF-8 name, sizes in this header
      local.writeUInt16LE(method, 8); // method: deflate or stored
      entry.header.copy(local, 10, 12, 16); // modification time and date, as they were
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(compressed.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      parts.push(local, name, compressed);
      header = Buffer.from(header);
      header.writeUInt16LE(method === 8 ? 20 : 10, 6);
      header.writeUInt16LE(0x0800, 8);
      header.writeUInt16LE(method, 10);
      local.copy(header, 16, 14, 26); // crc and sizes
      header.writeUInt32LE(offset, 42);
      offset += local.length + name.length + compressed.length;
    }
    directory.push(header);
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.from(entries.endRecord);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directoryBytes, end]);
}

function prepared(content: ZipContent): {
  compressed: Buffer;
  crc: number;
  size: number;
  method: 0 | 8;
} {
  if (typeof content === "string" || Buffer.isBuffer(content)) {
    const data = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    return { compressed: deflateRawSync(data), crc: crc32(data), size: data.length, method: 8 };
  }
  if ("stored" in content) {
    return { compressed: content.stored, crc: crc32(content.stored), size: content.stored.length, method: 0 };
  }
  return { compressed: content.deflated, crc: content.crc, size: content.size, method: 8 };
}

/** The names of a ZIP archive's entries, in its order. */
export function zipEntryNames(zip: Uint8Array): string[] {
  return readCentralDirectory(Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength)).map((entry) => entry.name);
}

/** The content of one entry of a ZIP archive (stored or deflated), or undefined when there is none. */
export function readZipEntry(zip: Uint8Array, name: string): Buffer | undefined {
  const archive = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const entry = readCentralDirectory(archive).find((candidate) => candidate.name === name);
  if (!entry) return undefined;
  const method = entry.header.readUInt16LE(10);
  const size = entry.header.readUInt32LE(20);
  const at = entry.localOffset;
  const start = at + 30 + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const data = archive.subarray(start, start + size);
  if (method === 0) return Buffer.from(data);
  if (method === 8) return inflateRawSync(data);
  throw new Error(`zip: ${name} uses compression method ${method}`);
}

interface Entry {
  name: string;
  localOffset: number;
  /** The whole central directory record (46 bytes, name, extra field, comment). */
  header: Buffer;
}

function readCentralDirectory(archive: Buffer): Entry[] & { directoryOffset: number; endRecord: Buffer } {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0 || endAt + 22 > archive.length) throw new Error("zip: no end of central directory");
  const count = archive.readUInt16LE(endAt + 10);
  const directoryOffset = archive.readUInt32LE(endAt + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new Error("zip: ZIP64 is not supported");
  const entries: Entry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error("zip: bad central directory");
    const length = 46 + archive.readUInt16LE(at + 28) + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32);
    entries.push({
      name: archive.toString("utf8", at + 46, at + 46 + archive.readUInt16LE(at + 28)),
      localOffset: archive.readUInt32LE(at + 42),
      header: archive.subarray(at, at + length),
    });
    at += length;
  }
  return Object.assign(entries, { directoryOffset, endRecord: archive.subarray(endAt) });
}
