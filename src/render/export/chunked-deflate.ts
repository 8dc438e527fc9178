import { promisify } from "node:util";
import { constants, crc32, deflateRaw } from "node:zlib";

const deflateRawAsync = promisify(deflateRaw);

/** Characters gathered before a piece is sent to be compressed (3-6 MB of mostly Chinese XML). */
const PIECE = 2_000_000;

/** A ZIP entry's content compressed already: the deflate stream, the CRC-32 and size of the text. */
export interface DeflatedContent {
  deflated: Buffer;
  crc: number;
  size: number;
}

/**
 * Text deflated while it is still being written: every couple of megabytes go to zlib in libuv's
 * worker threads, and the writer goes on with the next. A .docx body is tens of megabytes of XML for
 * a large group, and compressing it whole once written took a fifth of the export on the writing
 * thread (bench/, item 4).
 *
 * Each piece is compressed on its own and ends on a byte boundary (a sync flush), the last one ends
 * the stream; pieces back to back are one valid deflate stream (as pigz writes them), a little
 * larger than one compressed whole as no piece refers back into the one before.
 */
export class ChunkedDeflate {
  private readonly pieces: Promise<Buffer>[] = [];
  private buffered: string[] = [];
  private bufferedLength = 0;
  private crc = 0;
  private size = 0;

  write(text: string): void {
    this.buffered.push(text);
    this.bufferedLength += text.length;
    if (this.bufferedLength >= PIECE) this.send(false);
  }

  /** The whole text's deflate stream, once every piece is compressed. */
  async finish(): Promise<DeflatedContent> {
    this.send(true);
    const deflated = Buffer.concat(await Promise.all(this.pieces));
    return { deflated, crc: this.crc, size: this.size };
  }

  private send(last: boolean): void {
    const data = Buffer.from(this.buffered.join(""), "utf8");
    this.buffered = [];
    this.bufferedLength = 0;
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    const piece = deflateRawAsync(data, { finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH });
    // A failure is not lost: finish() awaits every piece and rejects with it. Observed here so that
    // a piece failing before finish() is called is not reported as an unhandled rejection.
    piece.catch(() => undefined);
    this.pieces.push(piece);
  }
}
