import { promisify } from "node:util";
import { constants, crc32, deflateRaw } from "node:zlib";

const deflateRawAsync = promisify(deflateRaw);

/** Bytes gathered before a piece is sent to be compressed. */
const PIECE = 4 << 20;

/** A ZIP entry's content compressed already: the deflate stream, the CRC-32 and size of the text. */
export interface DeflatedContent {
  deflated: Buffer;
  crc: number;
  size: number;
}

/**
 * Text deflated while it is still being written: every few megabytes go to zlib in libuv's worker
 * threads, and the writer goes on with the next. A .docx body is tens of megabytes of XML for a
 * large group, and compressing it whole once written took a fifth of the export on the writing
 * thread (bench/, item 4).
 *
 * Text is copied as UTF-8 into the piece's buffer as it comes, so the writer's strings die young:
 * kept in an array until the end (as the body once was) they survived every young-generation
 * collection, which then took a third of the export's time.
 *
 * Each piece is compressed on its own and ends on a byte boundary (a sync flush), the last one ends
 * the stream; pieces back to back are one valid deflate stream (as pigz writes them), a little
 * larger than one compressed whole as no piece refers back into the one before.
 */
export class ChunkedDeflate {
  private readonly pieces: Promise<Buffer>[] = [];
  private buffer = Buffer.allocUnsafe(PIECE);
  private used = 0;
  private crc = 0;
  private size = 0;

  write(text: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for that, or the piece is sent first.
    if (this.used + text.length * 3 > this.buffer.length) {
      this.send(false);
      if (text.length * 3 > this.buffer.length) {
        this.compress(Buffer.from(text, "utf8"), false);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  /** The whole text's deflate stream, once every piece is compressed. */
  async finish(): Promise<DeflatedContent> {
    this.send(true);
    const deflated = Buffer.concat(await Promise.all(this.pieces));
    return { deflated, crc: this.crc, size: this.size };
  }

  private send(last: boolean): void {
    if (this.used === 0 && !last) return;
    const data = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(PIECE);
    this.used = 0;
    this.compress(data, last);
  }

  private compress(data: Buffer, last: boolean): void {
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    const piece = deflateRawAsync(data, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
    // A failure is not lost: finish() awaits every piece and rejects with it. Observed here so that
    // a piece failing before finish() is called is not reported as an unhandled rejection.
    piece.catch(() => undefined);
    this.pieces.push(piece);
  }
}
