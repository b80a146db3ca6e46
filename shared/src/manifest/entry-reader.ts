/**
 * Physical lines → manifest entries, synchronously: range bookkeeping (the skipped first line,
 * the end offset), the BOM, line numbers, the bad-line allowance. The async parse loop only moves
 * bytes in and entries out.
 */
import { ManifestError } from './errors.js';
import type { PhysicalLine } from './line-splitter.js';
import { RecordAssembler } from './records.js';
import type { CsvRecord, QuotedNewlines } from './records.js';
import { ManifestRows } from './rows.js';
import type { ManifestEntry, ManifestParseTotals } from './types.js';

/** How one parse runs (the public functions fill it in). */
export interface ReadSettings {
  /** Absolute byte offset of the source's first byte in the manifest. */
  readonly baseOffset: number;
  /** Drop the first line, up to and including its line break (a range not at the start). */
  readonly skipFirstLine: boolean;
  /** Absolute offset at which records stop being ours (`Infinity`: read to the end). */
  readonly endOffset: number;
  readonly firstLineNumber: number;
  readonly quotedNewlines: QuotedNewlines;
  readonly maxBadLines: number;
}

/** Returned by {@link EntryReader.accept} when a line starts past the end of the range. */
export const PAST_END = Symbol('past end');

const BOM = [0xef, 0xbb, 0xbf] as const;

/** Reads the entries of one parse from its lines, given in order. */
export class EntryReader {
  private readonly assembler: RecordAssembler;
  private readonly rows = new ManifestRows();
  private lines = 0;
  private badLineCount = 0;
  private skipping: boolean;

  constructor(private readonly settings: ReadSettings) {
    this.assembler = new RecordAssembler(settings.quotedNewlines);
    this.skipping = settings.skipFirstLine;
  }

  /** The entry a line completes, if any; {@link PAST_END} once the range is done. */
  accept(physical: PhysicalLine): ManifestEntry | undefined | typeof PAST_END {
    if (this.skipping) {
      this.skipping = false;
      return undefined;
    }
    const { baseOffset, endOffset, firstLineNumber } = this.settings;
    if (!this.assembler.busy && baseOffset + physical.offset >= endOffset) return PAST_END;
    const line = this.lines === 0 && baseOffset === 0 ? withoutBom(physical) : physical;
    this.lines += 1;
    const record = this.assembler.accept(line, firstLineNumber + this.lines - 1);
    return record && this.admit(record);
  }

  /** The input has ended: the entry of a record left open, if any. */
  finish(): ManifestEntry | undefined {
    const record = this.assembler.finish();
    return record && this.admit(record);
  }

  totals(): ManifestParseTotals {
    return { lines: this.lines, withVersionIds: this.rows.withVersionIds };
  }

  private admit(record: CsvRecord): ManifestEntry {
    const entry = this.rows.toEntry(record);
    const { maxBadLines } = this.settings;
    if (entry.kind === 'bad' && ++this.badLineCount > maxBadLines) {
      throw new ManifestError('TooManyBadLines', `The manifest has more than ${maxBadLines} bad lines (line ${entry.line}: ${entry.message}).`, {
        line: entry.line,
        badLineCount: this.badLineCount,
        maxBadLines,
      });
    }
    return entry;
  }
}

/** A UTF-8 byte order mark at the very start of the manifest is not part of the first bucket name. */
export function withoutBom(line: PhysicalLine): PhysicalLine {
  const { bytes } = line;
  const hasBom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
  return hasBom ? { ...line, bytes: bytes.subarray(3) } : line;
}
