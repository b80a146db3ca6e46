/**
 * Bytes → physical lines. Splitting happens on bytes, before any text decoding: LF (0x0A) and
 * CR (0x0D) never occur inside a multi-byte UTF-8 sequence, so a chunk boundary that falls inside
 * a character, or between the CR and LF of a pair, needs no special care beyond holding the
 * unfinished line. Working on bytes also gives every line its exact byte offset, which byte-range
 * parsing needs.
 */

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = new Uint8Array(0);

/** What ended a physical line: LF, CRLF, a lone CR, or nothing (the end of the input). */
export type LineBreak = '\n' | '\r\n' | '\r' | '';

/** One physical line of the input. */
export interface PhysicalLine {
  /** The line's bytes without its line break; at most `maxLineBytes` of them. */
  readonly bytes: Uint8Array;
  /** Byte offset of the line's first byte from the start of the input. */
  readonly offset: number;
  readonly lineBreak: LineBreak;
  /** True when the line had more than `maxLineBytes` bytes: the tail was dropped, not kept. */
  readonly truncated: boolean;
}

/**
 * Splits a byte stream into lines with constant memory: at most `maxLineBytes` of an unfinished
 * line are kept, whatever its length. Give it each chunk with {@link LineSplitter.feed} and take
 * lines with {@link LineSplitter.next} until there are none, then call {@link LineSplitter.end}
 * once. Lines are handed out one at a time, so they die young instead of a chunk's worth of them
 * outliving a garbage collection.
 */
export class LineSplitter {
  private parts: Uint8Array[] = [];
  private keptBytes = 0;
  private lineBytes = 0;
  private lineOffset = 0;
  /** A line ended by a CR that was the last byte of a chunk: a LF may still follow. */
  private heldCR: PhysicalLine | undefined;
  private chunk: Uint8Array = EMPTY;
  private at = 0;
  private nextLF = -1;
  private nextCR = -1;

  constructor(private readonly maxLineBytes: number) {}

  /** Start on the next chunk (the previous one must have been drained by {@link next}). */
  feed(chunk: Uint8Array): void {
    this.chunk = chunk;
    this.at = 0;
    this.nextLF = chunk.indexOf(LF);
    this.nextCR = chunk.indexOf(CR);
  }

  /** The next line completed by the current chunk, or undefined once it is used up. */
  next(): PhysicalLine | undefined {
    const { chunk } = this;
    if (this.heldCR) {
      if (chunk.length === this.at) return undefined;
      const held = this.heldCR;
      this.heldCR = undefined;
      if (chunk[this.at] !== LF) return held;
      this.at += 1;
      this.lineOffset += 1;
      return { ...held, lineBreak: '\r\n' };
    }
    const start = this.at;
    if (start === chunk.length) return undefined;
    if (this.nextLF >= 0 && this.nextLF < start) this.nextLF = chunk.indexOf(LF, start);
    if (this.nextCR >= 0 && this.nextCR < start) this.nextCR = chunk.indexOf(CR, start);
    const end = this.nextLF < 0 ? this.nextCR : this.nextCR < 0 ? this.nextLF : Math.min(this.nextLF, this.nextCR);
    if (end < 0) {
      // The line goes on in the next chunk: keep a copy, as a source may reuse its buffer.
      this.append(chunk.subarray(start), true);
      this.at = chunk.length;
      return undefined;
    }
    this.append(chunk.subarray(start, end), false);
    if (chunk[end] === LF) {
      this.at = end + 1;
      return this.finish('\n');
    }
    if (end + 1 === chunk.length) {
      this.at = end + 1;
      this.heldCR = this.finish('\r');
      return undefined;
    }
    const crlf = chunk[end + 1] === LF;
    this.at = end + (crlf ? 2 : 1);
    return this.finish(crlf ? '\r\n' : '\r');
  }

  /** The last lines, once the input has ended. */
  end(): PhysicalLine[] {
    const lines: PhysicalLine[] = [];
    if (this.heldCR) lines.push(this.heldCR);
    this.heldCR = undefined;
    if (this.lineBytes > 0) lines.push(this.finish(''));
    this.chunk = EMPTY;
    return lines;
  }

  private append(bytes: Uint8Array, copy: boolean): void {
    if (bytes.length === 0) return;
    this.lineBytes += bytes.length;
    const room = this.maxLineBytes - this.keptBytes;
    if (room <= 0) return;
    const kept = bytes.length <= room ? bytes : bytes.subarray(0, room);
    this.parts.push(copy ? kept.slice() : kept);
    this.keptBytes += kept.length;
  }

  private finish(lineBreak: LineBreak): PhysicalLine {
    const line: PhysicalLine = {
      bytes: this.joinParts(),
      offset: this.lineOffset,
      lineBreak,
      truncated: this.lineBytes > this.maxLineBytes,
    };
    this.lineOffset += this.lineBytes + lineBreak.length;
    this.parts = [];
    this.keptBytes = 0;
    this.lineBytes = 0;
    return line;
  }

  private joinParts(): Uint8Array {
    if (this.parts.length === 0) return EMPTY;
    if (this.parts.length === 1) return this.parts[0]!;
    const joined = new Uint8Array(this.keptBytes);
    let at = 0;
    for (const part of this.parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }
}
