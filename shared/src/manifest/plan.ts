/**
 * Splitting a big manifest into byte ranges for a fanned-out registration: one pass over the
 * bytes that only counts line breaks (LF, CRLF or a lone CR, as the parser does), so each range
 * starts on the first line that begins at or after a multiple of `rangeBytes` and knows the
 * absolute number of that line. Each range is then parsed with {@link parseManifestRange}, whose
 * line numbers and bad-line reports are therefore those of the whole file.
 *
 * The pass does not look at quotes, and a range parse cannot join lines: a quoted field holding a
 * line break (which S3 Batch Operations manifests never need, their keys being URL-encoded) is a
 * `QuotedNewlineInRange` bad line in a fanned-out manifest, wherever it is.
 */
import { checkCount } from './options.js';
import type { ManifestSource } from './read.js';

/** One range of a manifest: `[start, end)`, its first line's number in the whole file. */
export interface ManifestRangePlan {
  /** The offset of the range's first byte: always the start of a line. */
  readonly start: number;
  /** Where the next range starts, or the manifest's size for the last one. */
  readonly end: number;
  /** The 1-based number of the line starting at `start`. */
  readonly firstLine: number;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Plan the ranges of a manifest of about `rangeBytes` bytes each (the last may be shorter; a
 * range always ends on a line boundary). A manifest smaller than `rangeBytes` is one range.
 *
 * @throws {@link ManifestError} `InvalidManifestOptions` for a `rangeBytes` below 1
 * @example
 * ```ts
 * await planManifestRanges(['a,1\nb,2\nc,3\n'], { rangeBytes: 5 })
 * // [{ start: 0, end: 8, firstLine: 1 }, { start: 8, end: 12, firstLine: 3 }]
 * ```
 */
export async function planManifestRanges(source: ManifestSource, options: { rangeBytes: number }): Promise<ManifestRangePlan[]> {
  const rangeBytes = checkCount('rangeBytes', options.rangeBytes, 1, false);
  const starts: Array<{ start: number; firstLine: number }> = [{ start: 0, firstLine: 1 }];
  let nextTarget = rangeBytes;
  let base = 0;
  let breaks = 0;
  let pendingCr = false;
  /** A line starts at `offset`, after the `breaks`-th line break. */
  const lineStartsAt = (offset: number): void => {
    if (offset < nextTarget) return;
    starts.push({ start: offset, firstLine: breaks + 1 });
    nextTarget = offset + rangeBytes;
  };
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // An empty chunk says nothing, not even whether a pending CR is followed by an LF.
    if (bytes.length === 0) continue;
    let i = 0;
    if (pendingCr) {
      // A CR ended the previous chunk: with an LF here it was a CRLF, ending one byte later.
      pendingCr = false;
      if (bytes[0] === LF) i = 1;
      lineStartsAt(base + i);
    }
    if (bytes.indexOf(CR, i) === -1) {
      // The usual manifest: LF only. indexOf is native, far faster than a byte loop.
      for (let at = bytes.indexOf(LF, i); at !== -1; at = bytes.indexOf(LF, at + 1)) {
        breaks += 1;
        lineStartsAt(base + at + 1);
      }
    } else {
      for (; i < bytes.length; i++) {
        const byte = bytes[i];
        if (byte === LF) {
          breaks += 1;
          lineStartsAt(base + i + 1);
        } else if (byte === CR) {
          breaks += 1;
          if (i + 1 === bytes.length) pendingCr = true;
          else if (bytes[i + 1] === LF) lineStartsAt(base + (i += 1) + 1);
          else lineStartsAt(base + i + 1);
        }
      }
    }
    base += bytes.length;
  }
  if (pendingCr) lineStartsAt(base);
  // A line "starting" at the very end is no line: the manifest ended with a line break.
  const kept = starts.filter((range, index) => index === 0 || range.start < base);
  return kept.map((range, index) => ({ ...range, end: kept[index + 1]?.start ?? base }));
}
