/**
 * Byte-range parsing, for fanning a big manifest out over several workers (plan.ts plans the ranges). A range
 * `[startOffset, endOffset)` owns every record whose first byte lies in it, so ranges that tile
 * the file read every record exactly once:
 *
 * - the source must start one byte early, at {@link manifestRangeReadStart}, so that a record
 *   starting exactly at `startOffset` is recognised as one (that byte is then a line break);
 * - when `startOffset > 0`, everything up to and including the first line break is dropped: it
 *   belongs to the previous range;
 * - the last record may run past `endOffset`, so the source must go on past it (an open-ended
 *   `Range: bytes=<readStart>-` is right: reading stops, and the source is closed, at the first
 *   record that starts at or after `endOffset`).
 *
 * Limitations:
 * - It assumes the manifest has no line break inside a quoted field. A range can start inside
 *   such a field and would take its tail for records, so a quoted field spanning lines is
 *   reported as a `QuotedNewlineInRange` bad line and parsing resumes on the next line. Manifests
 *   with quoted line breaks must be parsed whole ({@link parseManifest}).
 * - Line numbers are relative to the range (its first owned line is 1) unless the caller passes
 *   `firstLineNumber`; only the range starting at 0 knows its absolute numbers.
 * - The "every row or none has a version id" rule is checked within the range only; compare
 *   `withVersionIds` of each range's totals to check it across ranges.
 */
import { ManifestError } from './errors.js';
import { checkCount, maxBadLinesOf } from './options.js';
import { readManifest } from './read.js';
import type { ManifestSource } from './read.js';
import type { ManifestEntry, ManifestParseTotals, ParseManifestOptions } from './types.js';

/** Which part of the manifest a range parse owns. */
export interface ManifestRangeOptions extends ParseManifestOptions {
  /** First byte of the range (inclusive). */
  readonly startOffset: number;
  /** End of the range (exclusive); `Infinity` for "to the end of the manifest". */
  readonly endOffset: number;
  /** The line number of the range's first owned line, when the caller knows it (default 1). */
  readonly firstLineNumber?: number;
}

/**
 * The byte offset the source of a range parse must start at: one byte before `startOffset`
 * (none for a range at 0). Read with e.g. `Range: bytes=${manifestRangeReadStart(start)}-`.
 */
export function manifestRangeReadStart(startOffset: number): number {
  return startOffset > 0 ? startOffset - 1 : 0;
}

/**
 * Parse the records of one byte range of a manifest; see the module comment for the rules.
 * Entries are as {@link parseManifest} gives them.
 *
 * @param source the manifest's bytes from {@link manifestRangeReadStart}(startOffset) on
 * @throws {@link ManifestError} `InvalidManifestOptions` for offsets that make no range;
 *   `TooManyBadLines` as {@link parseManifest}
 */
export function parseManifestRange(
  source: ManifestSource,
  options: ManifestRangeOptions,
): AsyncGenerator<ManifestEntry, ManifestParseTotals, undefined> {
  const startOffset = checkCount('startOffset', options.startOffset, 0, false);
  const endOffset = checkCount('endOffset', options.endOffset, 0, true);
  if (endOffset < startOffset) {
    throw new ManifestError('InvalidManifestOptions', `endOffset ${endOffset} is before startOffset ${startOffset}.`, {
      option: 'endOffset',
      value: endOffset,
    });
  }
  return readManifest(source, {
    baseOffset: manifestRangeReadStart(startOffset),
    skipFirstLine: startOffset > 0,
    endOffset,
    firstLineNumber: checkCount('firstLineNumber', options.firstLineNumber ?? 1, 1, false),
    quotedNewlines: 'reject',
    maxBadLines: maxBadLinesOf(options),
  });
}
