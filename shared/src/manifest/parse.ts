import { maxBadLinesOf } from './options.js';
import { readManifest } from './read.js';
import type { ManifestSource } from './read.js';
import type { ManifestBadLine, ManifestEntry, ManifestObjectEntry, ManifestParseTotals, ParseManifestOptions } from './types.js';

/**
 * Parse an S3 Batch Operations CSV manifest (`S3BatchOperations_CSV_20180820`) as a stream, with
 * constant memory: one entry per non-blank record, an object or a bad line, in file order.
 *
 * Format: rows `Bucket,Key[,VersionId]`, no header; keys URL-encoded and decoded here with
 * {@link decodeManifestKey} (`+` is a space); line breaks LF, CRLF or a lone CR; RFC 4180 quoting
 * (quoted fields may hold commas, `""` and line breaks); a UTF-8 BOM at the start is ignored;
 * blank lines are skipped but counted. Either every row has a version id or none does: the first
 * valid row decides, and a row that differs is a `MixedVersionIds` bad line. Line numbers are the
 * 1-based physical line on which a record starts.
 *
 * Chunks may split the input anywhere (inside a UTF-8 character, a CRLF pair, a quoted field).
 * The generator's return value ({@link ManifestParseTotals}) counts the physical lines.
 *
 * @throws {@link ManifestError} `TooManyBadLines` after `maxBadLines` (default 100) bad lines
 * @example
 * ```ts
 * for await (const entry of parseManifest(response.Body)) {
 *   if (entry.kind === 'object') register(entry); else report(entry.line, entry.code);
 * }
 * ```
 */
export function parseManifest(
  source: ManifestSource,
  options?: ParseManifestOptions,
): AsyncGenerator<ManifestEntry, ManifestParseTotals, undefined> {
  const maxBadLines = maxBadLinesOf(options);
  return readManifest(source, {
    baseOffset: 0,
    skipFirstLine: false,
    endOffset: Infinity,
    firstLineNumber: 1,
    quotedNewlines: 'join',
    maxBadLines,
  });
}

/** A bad line as {@link scanManifest} reports it. */
export type ManifestBadLineSummary = Pick<ManifestBadLine, 'line' | 'code' | 'message'>;

/** What {@link scanManifest} found. */
export interface ManifestScan {
  /** Physical lines read, blank ones included. */
  readonly lines: number;
  readonly objects: number;
  /** The first {@link SCAN_BAD_LINES_KEPT} bad lines (so memory stays bounded). */
  readonly badLines: ManifestBadLineSummary[];
  /** Every bad line, including those beyond the ones kept. */
  readonly badLineCount: number;
}

/** How many bad lines {@link scanManifest} keeps in detail. */
export const SCAN_BAD_LINES_KEPT = 100;

/**
 * Parse a whole manifest, hand each object to `onObject` (awaited, in order) and summarise.
 *
 * @throws {@link ManifestError} `TooManyBadLines` as {@link parseManifest}; whatever `onObject` throws
 */
export async function scanManifest(
  source: ManifestSource,
  onObject: (entry: ManifestObjectEntry) => void | Promise<void>,
  options?: ParseManifestOptions,
): Promise<ManifestScan> {
  const entries = parseManifest(source, options);
  let objects = 0;
  let badLineCount = 0;
  const badLines: ManifestBadLineSummary[] = [];
  try {
    for (;;) {
      const next = await entries.next();
      if (next.done) return { lines: next.value.lines, objects, badLines, badLineCount };
      const entry = next.value;
      if (entry.kind === 'object') {
        objects += 1;
        await onObject(entry);
      } else {
        badLineCount += 1;
        if (badLines.length < SCAN_BAD_LINES_KEPT) badLines.push({ line: entry.line, code: entry.code, message: entry.message });
      }
    }
  } finally {
    // Stops reading the source when onObject threw; a no-op once the generator is done.
    await entries.return({ lines: 0, withVersionIds: undefined });
  }
}
