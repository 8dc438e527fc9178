import { endianness } from "node:os";
import { promisify } from "node:util";
import { crc32, deflate } from "node:zlib";

const deflateAsync = promisify(deflate);

/** The alpha byte of an RGBA pixel read as a signed 32-bit word in this machine's byte order. */
const ALPHA = endianness() === "LE" ? 0xff000000 | 0 : 0x000000ff;

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * zlib's level for the picture data: level 3 compresses a chart (large runs of one colour) to about
 * resvg's own PNG size in a third of level 6's time.
 */
const LEVEL = 3;

/**
 * Pixels as a PNG (8-bit RGBA, no interlace), compressed in zlib's worker threads.
 *
 * Why not resvg's `asPng`: it encodes on the caller's thread, about 100 ms for a chart at scale 2,
 * most of a .docx's chart time once the drawing itself moved to worker threads (bench/, item 4), and
 * the bot's event loop waited as long for every chart it sent. Here the caller's thread only copies
 * rows; the compression runs in libuv's pool. Rows are written unfiltered: a chart's flat colours
 * compress as well that way as with resvg's filters.
 *
 * `pixels` are resvg's: premultiplied by alpha, which PNG is not, so a pixel that is not opaque is
 * divided back (a chart's white background makes every pixel opaque).
 */
export async function encodePng(pixels: Buffer, width: number, height: number): Promise<Buffer> {
  const stride = width * 4;
  if (pixels.length !== stride * height) throw new Error(`png: ${pixels.length} bytes for ${width} × ${height}`);
  const rows = Buffer.allocUnsafe((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    rows[at] = 0; // filter: none
    pixels.copy(rows, at + 1, y * stride, (y + 1) * stride);
  }
  if (!opaque(pixels)) unpremultiply(rows, stride);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  // compression 0 (deflate), filter method 0, no interlace: left as zeros
  const data = await deflateAsync(rows, { level: LEVEL });
  return Buffer.concat([SIGNATURE, chunk("IHDR", header), chunk("IDAT", data), chunk("IEND", Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc32(data, crc32(head.subarray(4))), 0);
  return Buffer.concat([head, data, tail]);
}

/** Whether every pixel is opaque (a chart's are): read as 32-bit words, a few ms for 3 million pixels. */
function opaque(pixels: Buffer): boolean {
  if (pixels.byteOffset % 4 !== 0) return false;
  const words = new Int32Array(pixels.buffer, pixels.byteOffset, pixels.length / 4);
  for (let i = 0; i < words.length; i++) if ((words[i]! & ALPHA) !== ALPHA) return false;
  return true;
}

/** Divides the colour of every pixel that is not opaque by its alpha, in the filtered rows. */
function unpremultiply(rows: Buffer, stride: number): void {
  const rowLength = stride + 1;
  for (let at = 0; at < rows.length; at += rowLength) {
    for (let alpha = at + 4; alpha < at + rowLength; alpha += 4) {
      const a = rows[alpha]!;
      if (a === 255) continue;
      for (let c = alpha - 3; c < alpha; c++) rows[c] = a === 0 ? 0 : Math.min(255, Math.round((rows[c]! * 255) / a));
    }
  }
}
