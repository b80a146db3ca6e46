/**
 * Physical lines → CSV records. A record is one line, or several when a quoted field holds a
 * line break (legal RFC 4180, and a key may contain one). Each line is decoded on its own with a
 * fatal UTF-8 decoder: lines are cut on bytes, never inside a character, so no decoder state has
 * to cross a chunk boundary, and invalid UTF-8 is caught on the line that has it.
 */
import { parseCsvFields } from './csv-fields.js';
import type { LineBreak, PhysicalLine } from './line-splitter.js';
import { BAD_LINE_TEXT_CHARS, MAX_RECORD_BYTES } from './types.js';
import type { ManifestBadLineCode } from './types.js';

/** A complete record: its fields, or why it has none. */
export type CsvRecord =
  | { readonly kind: 'fields'; readonly line: number; readonly fields: string[]; readonly text: string }
  | { readonly kind: 'bad'; readonly line: number; readonly code: ManifestBadLineCode; readonly message: string; readonly text: string };

/** `join`: a line break inside quotes belongs to the field (RFC 4180). `reject`: a bad record. */
export type QuotedNewlines = 'join' | 'reject';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

interface PendingRecord {
  line: number;
  text: string;
  bytes: number;
  invalidUtf8: boolean;
  lineBreak: LineBreak;
}

/** Assembles records from lines given in order; holds at most one unfinished record. */
export class RecordAssembler {
  private pending: PendingRecord | undefined;

  constructor(private readonly quotedNewlines: QuotedNewlines) {}

  /** True while a quoted field is open across lines. */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Take the next line (numbered `lineNumber`); returns the record it completes, if any. */
  accept(line: PhysicalLine, lineNumber: number): CsvRecord | undefined {
    const previous = this.pending;
    if (!previous && line.bytes.length === 0 && !line.truncated) return undefined; // blank line
    const { text, valid } = decode(line.bytes);
    const record: PendingRecord = previous
      ? { ...previous, text: previous.text + previous.lineBreak + text, bytes: previous.bytes + line.bytes.length + previous.lineBreak.length }
      : { line: lineNumber, text, bytes: line.bytes.length, invalidUtf8: false, lineBreak: '' };
    record.invalidUtf8 ||= !valid;
    record.lineBreak = line.lineBreak;
    this.pending = undefined;
    if (line.truncated || record.bytes > MAX_RECORD_BYTES) {
      // The rest of an over-long record is gone, so its quotes cannot be followed: the next line
      // starts a new record.
      return bad(record, 'LineTooLong', `the record is longer than ${MAX_RECORD_BYTES} bytes`);
    }
    const parsed = parseCsvFields(record.text);
    if (parsed.kind === 'open') {
      if (line.lineBreak === '') return bad(record, 'UnterminatedQuote', 'the input ends inside a quoted field');
      if (this.quotedNewlines === 'reject') {
        return bad(record, 'QuotedNewlineInRange', 'a quoted field spans lines, which byte-range parsing cannot resolve');
      }
      this.pending = record;
      return undefined;
    }
    if (record.invalidUtf8) return bad(record, 'InvalidUtf8', 'the line is not valid UTF-8');
    if (parsed.kind === 'malformed') return bad(record, 'MalformedCsv', `malformed CSV: ${parsed.reason}`);
    return { kind: 'fields', line: record.line, fields: parsed.fields, text: record.text };
  }

  /** The input has ended: a record still open is unterminated. */
  finish(): CsvRecord | undefined {
    const record = this.pending;
    this.pending = undefined;
    return record && bad(record, 'UnterminatedQuote', 'the input ends inside a quoted field');
  }
}

function decode(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), valid: true };
  } catch {
    return { text: lossyUtf8.decode(bytes), valid: false };
  }
}

function bad(record: PendingRecord, code: ManifestBadLineCode, message: string): CsvRecord {
  return { kind: 'bad', line: record.line, code, message, text: record.text.slice(0, BAD_LINE_TEXT_CHARS) };
}
