/**
 * The manifest parser's line and record machinery for the other CSV files S3 writes (the
 * completion reports of Batch Operations): bytes → physical lines → RFC 4180 records, one record
 * in memory at a time, with the line each record starts on. What the fields mean is the caller's.
 */
import { withoutBom } from './entry-reader.js';
import { LineSplitter } from './line-splitter.js';
import type { PhysicalLine } from './line-splitter.js';
import { byteChunks } from './read.js';
import type { ManifestSource } from './read.js';
import { RecordAssembler } from './records.js';
import type { CsvRecord } from './records.js';
import { MAX_RECORD_BYTES } from './types.js';

/**
 * Stream the records of a headerless CSV file: one `fields` record per non-blank record, or a
 * `bad` one saying why a record could not be split (`MalformedCsv`, `UnterminatedQuote`,
 * `InvalidUtf8`, `LineTooLong` beyond {@link MAX_RECORD_BYTES}). Quoted fields may hold commas,
 * `""` and line breaks; LF, CRLF and a lone CR end lines; a UTF-8 BOM at the start is dropped;
 * blank lines are skipped but counted. `line` is the 1-based physical line a record starts on.
 *
 * @example
 * ```ts
 * for await (const record of readCsvRecords(response.Body)) {
 *   if (record.kind === 'bad') throw new Error(`line ${record.line}: ${record.message}`);
 *   use(record.fields);
 * }
 * ```
 */
export async function* readCsvRecords(source: ManifestSource): AsyncGenerator<CsvRecord, void, undefined> {
  const assembler = new RecordAssembler('join');
  const splitter = new LineSplitter(MAX_RECORD_BYTES);
  let lines = 0;
  const accept = (line: PhysicalLine): CsvRecord | undefined => {
    lines += 1;
    return assembler.accept(lines === 1 ? withoutBom(line) : line, lines);
  };
  for await (const bytes of byteChunks(source)) {
    splitter.feed(bytes);
    for (let line = splitter.next(); line; line = splitter.next()) {
      const record = accept(line);
      if (record) yield record;
    }
  }
  for (const line of splitter.end()) {
    const record = accept(line);
    if (record) yield record;
  }
  const last = assembler.finish();
  if (last) yield last;
}
