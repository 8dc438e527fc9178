import { readFile } from "node:fs/promises";

/**
 * The chart font cut down to what one SVG can draw, as TrueType bytes.
 *
 * Why: resvg (fontdb 0.14 without memory mapping) reads the whole font file from disk every time it
 * looks at a face, about fifteen times per text element of a chart. With the 2.2 MB shipped font a
 * progress chart of 70 labels read 2.4 GB and spent about 300 ms before drawing a pixel (bench/, item
 * 10; strace shows 1,085 opens of the file). Handing it a font that holds only the outlines this SVG
 * needs makes each read a tenth as long.
 *
 * The cut keeps every table as it is and every glyph id where it was: only the outlines (glyf) of
 * glyphs that no character of the SVG maps to are left empty, and loca points at what is left. So the
 * character map, metrics, kerning and substitutions are the full font's, and the text is shaped and
 * drawn exactly as with the full font (tests/render/charts compares the pixels). Glyphs no character
 * maps to (reached only through substitutions, and .notdef) are always kept: a few hundred small ones.
 */
export interface ChartFont {
  /** The TrueType file with only the outlines of `text`'s characters and the unmapped glyphs. */
  subset(text: string): Buffer;
}

interface TableRecord {
  tag: string;
  offset: number;
  length: number;
}

/** A TrueType font (glyf outlines), read and indexed once. */
class TrueTypeFont implements ChartFont {
  private readonly tables: TableRecord[];
  private readonly glyf: TableRecord;
  private readonly loca: TableRecord;
  private readonly longLoca: boolean;
  private readonly numGlyphs: number;
  private readonly glyphOf: Map<number, number>;
  /** Glyph 0 (.notdef) and every glyph no character maps to. */
  private readonly alwaysKept: number[];

  constructor(private readonly bytes: Buffer) {
    const count = bytes.readUInt16BE(4);
    this.tables = [];
    for (let i = 0; i < count; i++) {
      const at = 12 + 16 * i;
      this.tables.push({
        tag: bytes.toString("latin1", at, at + 4),
        offset: bytes.readUInt32BE(at + 8),
        length: bytes.readUInt32BE(at + 12),
      });
    }
    const table = (tag: string) => {
      const found = this.tables.find((t) => t.tag === tag);
      if (!found) throw new Error(`chart font: no ${tag} table (a TrueType font with glyf outlines is expected)`);
      return found;
    };
    this.glyf = table("glyf");
    this.loca = table("loca");
    this.longLoca = bytes.readInt16BE(table("head").offset + 50) === 1;
    this.numGlyphs = bytes.readUInt16BE(table("maxp").offset + 4);
    this.glyphOf = readCmap(bytes, table("cmap").offset);
    const mapped = new Set(this.glyphOf.values());
    this.alwaysKept = [];
    for (let glyph = 0; glyph < this.numGlyphs; glyph++) if (!mapped.has(glyph)) this.alwaysKept.push(glyph);
  }

  subset(text: string): Buffer {
    const keep = new Set(this.alwaysKept);
    for (const char of charactersOf(text)) {
      const glyph = this.glyphOf.get(char);
      if (glyph !== undefined) keep.add(glyph);
    }
    this.addComponents(keep);

    // The new glyf: kept outlines in glyph order, each padded as the loca format requires.
    const align = this.longLoca ? 4 : 2;
    const pieces: Buffer[] = [];
    const offsets = new Array<number>(this.numGlyphs + 1);
    let size = 0;
    for (let glyph = 0; glyph < this.numGlyphs; glyph++) {
      offsets[glyph] = size;
      if (!keep.has(glyph)) continue;
      const [start, end] = this.glyphRange(glyph);
      if (end <= start) continue;
      pieces.push(this.bytes.subarray(this.glyf.offset + start, this.glyf.offset + end));
      size += end - start;
      const pad = (align - (size % align)) % align;
      if (pad > 0) {
        pieces.push(Buffer.alloc(pad));
        size += pad;
      }
    }
    offsets[this.numGlyphs] = size;
    const glyf = Buffer.concat(pieces, size);
    const loca = Buffer.alloc(this.loca.length);
    offsets.forEach((offset, glyph) => {
      if (this.longLoca) loca.writeUInt32BE(offset, glyph * 4);
      else loca.writeUInt16BE(offset / 2, glyph * 2);
    });
    return this.assemble(
      new Map([
        ["glyf", glyf],
        ["loca", loca],
      ]),
    );
  }

  /** Start and end of a glyph's outline inside glyf, from the original loca. */
  private glyphRange(glyph: number): [number, number] {
    const at = this.loca.offset;
    if (this.longLoca) return [this.bytes.readUInt32BE(at + glyph * 4), this.bytes.readUInt32BE(at + glyph * 4 + 4)];
    return [this.bytes.readUInt16BE(at + glyph * 2) * 2, this.bytes.readUInt16BE(at + glyph * 2 + 2) * 2];
  }

  /** A composite glyph is drawn from other glyphs: those are kept too (transitively). */
  private addComponents(keep: Set<number>): void {
    const pending = [...keep];
    while (pending.length > 0) {
      const glyph = pending.pop()!;
      const [start, end] = this.glyphRange(glyph);
      if (end - start < 10) continue;
      let at = this.glyf.offset + start;
      if (this.bytes.readInt16BE(at) >= 0) continue; // a simple glyph
      at += 10;
      for (;;) {
        const flags = this.bytes.readUInt16BE(at);
        const component = this.bytes.readUInt16BE(at + 2);
        if (!keep.has(component)) {
          keep.add(component);
          pending.push(component);
        }
        if ((flags & 0x20) === 0) break; // MORE_COMPONENTS
        at += 4 + (flags & 0x01 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
        if (flags & 0x08)
          at += 2; // WE_HAVE_A_SCALE
        else if (flags & 0x40)
          at += 4; // WE_HAVE_AN_X_AND_Y_SCALE
        else if (flags & 0x80) at += 8; // WE_HAVE_A_TWO_BY_TWO
      }
    }
  }

  /** The font file with some tables replaced: the others copied, checksums and head's adjustment redone. */
  private assemble(replaced: ReadonlyMap<string, Buffer>): Buffer {
    const count = this.tables.length;
    const directorySize = 12 + 16 * count;
    const contents = this.tables.map((t) => replaced.get(t.tag) ?? this.bytes.subarray(t.offset, t.offset + t.length));
    let size = directorySize;
    const offsets = contents.map((content) => {
      const offset = size;
      size += content.length + ((4 - (content.length % 4)) % 4);
      return offset;
    });
    const out = Buffer.alloc(size);
    this.bytes.copy(out, 0, 0, 12);
    let headAt = -1;
    this.tables.forEach((t, i) => {
      const content = contents[i]!;
      const offset = offsets[i]!;
      content.copy(out, offset);
      if (t.tag === "head") {
        headAt = offset;
        out.writeUInt32BE(0, offset + 8); // checkSumAdjustment is summed as zero
      }
      const record = 12 + 16 * i;
      out.write(t.tag, record, 4, "latin1");
      out.writeUInt32BE(checksum(out, offset, content.length), record + 4);
      out.writeUInt32BE(offset, record + 8);
      out.writeUInt32BE(content.length, record + 12);
    });
    if (headAt >= 0) out.writeUInt32BE((0xb1b0afba - checksum(out, 0, size)) >>> 0, headAt + 8);
    return out;
  }
}

/** The sum of a table's big-endian 32-bit words (zero-padded), modulo 2^32. */
function checksum(bytes: Buffer, offset: number, length: number): number {
  let sum = 0;
  const end = offset + length;
  let at = offset;
  for (; at + 4 <= end; at += 4) sum = (sum + bytes.readUInt32BE(at)) >>> 0;
  if (at < end) {
    let last = 0;
    for (let i = 0; i < 4; i++) last = (last << 8) | (at + i < end ? bytes[at + i]! : 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

/** Every character of an SVG's source, with numeric character references decoded. */
function charactersOf(text: string): Set<number> {
  const chars = new Set<number>();
  for (const char of text) chars.add(char.codePointAt(0)!);
  for (const match of text.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const code = match[1]!.startsWith("x") ? parseInt(match[1]!.slice(1), 16) : parseInt(match[1]!, 10);
    if (Number.isFinite(code)) chars.add(code);
  }
  return chars;
}

/** Unicode code point to glyph id, from the cmap's Unicode subtables (formats 4 and 12). */
function readCmap(bytes: Buffer, cmap: number): Map<number, number> {
  const glyphOf = new Map<number, number>();
  const count = bytes.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const platform = bytes.readUInt16BE(cmap + 4 + 8 * i);
    const encoding = bytes.readUInt16BE(cmap + 6 + 8 * i);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const at = cmap + bytes.readUInt32BE(cmap + 8 + 8 * i);
    const format = bytes.readUInt16BE(at);
    if (format === 4) readFormat4(bytes, at, glyphOf);
    else if (format === 12) readFormat12(bytes, at, glyphOf);
  }
  return glyphOf;
}

function readFormat4(bytes: Buffer, at: number, glyphOf: Map<number, number>): void {
  const segments = bytes.readUInt16BE(at + 6) / 2;
  const ends = at + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;
  for (let s = 0; s < segments; s++) {
    const end = bytes.readUInt16BE(ends + 2 * s);
    const start = bytes.readUInt16BE(starts + 2 * s);
    const delta = bytes.readInt16BE(deltas + 2 * s);
    const rangeOffset = bytes.readUInt16BE(rangeOffsets + 2 * s);
    for (let code = start; code <= end && code !== 0xffff; code++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (code + delta) & 0xffff;
      else {
        const index = bytes.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (code - start));
        glyph = index === 0 ? 0 : (index + delta) & 0xffff;
      }
      if (glyph !== 0 && !glyphOf.has(code)) glyphOf.set(code, glyph);
    }
  }
}

function readFormat12(bytes: Buffer, at: number, glyphOf: Map<number, number>): void {
  const groups = bytes.readUInt32BE(at + 12);
  for (let g = 0; g < groups; g++) {
    const group = at + 16 + 12 * g;
    const start = bytes.readUInt32BE(group);
    const end = bytes.readUInt32BE(group + 4);
    const first = bytes.readUInt32BE(group + 8);
    for (let code = start; code <= end; code++) if (!glyphOf.has(code)) glyphOf.set(code, first + code - start);
  }
}

const loading = new Map<string, Promise<ChartFont>>();

/** The font at `path`, read and indexed once per process. */
export function chartFont(path: string): Promise<ChartFont> {
  let font = loading.get(path);
  if (!font) {
    font = readFile(path).then((bytes) => new TrueTypeFont(bytes));
    loading.set(path, font);
    // A failed read is not kept: the next chart tries again.
    font.catch(() => loading.delete(path));
  }
  return font;
}
