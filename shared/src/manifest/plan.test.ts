import { describe, expect, it } from '@jest/globals';
import { ManifestError } from './errors.js';
import { parseManifest } from './parse.js';
import { planManifestRanges } from './plan.js';
import { manifestRangeReadStart, parseManifestRange } from './range.js';
import type { ManifestEntry } from './types.js';

/** The input split into chunks of `size` bytes (boundaries land anywhere, a CRLF pair included). */
function chunked(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

async function collect(source: AsyncIterable<ManifestEntry> | AsyncGenerator<ManifestEntry, unknown>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for await (const entry of source) out.push(entry);
  return out;
}

/** Every range parsed on its own, concatenated: must equal the whole-file parse. */
async function parseByRanges(text: string, rangeBytes: number, chunkSize: number): Promise<ManifestEntry[]> {
  const bytes = Buffer.from(text, 'utf8');
  const ranges = await planManifestRanges(chunked(text, chunkSize), { rangeBytes });
  const entries: ManifestEntry[] = [];
  for (const range of ranges) {
    const source = [bytes.subarray(manifestRangeReadStart(range.start))];
    entries.push(...(await collect(parseManifestRange(source, { startOffset: range.start, endOffset: range.end, firstLineNumber: range.firstLine }))));
  }
  return entries;
}

describe('planManifestRanges', () => {
  it('starts each range on the first line at or after a multiple of rangeBytes, with its line number', async () => {
    await expect(planManifestRanges(['a,1\nb,2\nc,3\n'], { rangeBytes: 5 })).resolves.toEqual([
      { start: 0, end: 8, firstLine: 1 },
      { start: 8, end: 12, firstLine: 3 },
    ]);
  });

  it('is one range for a manifest smaller than a range, and for an empty one', async () => {
    await expect(planManifestRanges(['a,1\nb,2\n'], { rangeBytes: 1000 })).resolves.toEqual([{ start: 0, end: 8, firstLine: 1 }]);
    await expect(planManifestRanges([], { rangeBytes: 10 })).resolves.toEqual([{ start: 0, end: 0, firstLine: 1 }]);
  });

  it('counts LF, CRLF and lone CR breaks as the parser does, across chunk boundaries', async () => {
    const text = 'b,k1\r\nb,k2\rb,k3\nb,k4\r\n\r\nb,k6\rb,k7';
    for (const chunkSize of [1, 2, 3, 5, 64]) {
      for (const rangeBytes of [1, 4, 7, 11]) {
        const whole = await collect(parseManifest(chunked(text, chunkSize)));
        expect(await parseByRanges(text, rangeBytes, chunkSize)).toEqual(whole);
      }
    }
  });

  it('keeps a CRLF split by an empty chunk one line break', async () => {
    const source = [Buffer.from('b,k1\r'), Buffer.alloc(0), Buffer.from('\nb,k2\nb,k3\n')];
    await expect(planManifestRanges(source, { rangeBytes: 6 })).resolves.toEqual([
      { start: 0, end: 6, firstLine: 1 },
      { start: 6, end: 16, firstLine: 2 },
    ]);
  });

  it('tiles a generated manifest so that ranges read every line once with whole-file line numbers', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => (i % 97 === 0 ? '' : i % 131 === 0 ? 'only-one-field' : `bucket-${i % 3},dir/obj%20${i}`));
    const text = `${lines.join('\n')}\n`;
    const whole = await collect(parseManifest(chunked(text, 4096), { maxBadLines: Infinity }));
    const ranges = await planManifestRanges(chunked(text, 4096), { rangeBytes: 1500 });
    expect(ranges.length).toBeGreaterThan(10);
    expect(ranges.at(-1)?.end).toBe(Buffer.byteLength(text));
    const byRanges: ManifestEntry[] = [];
    const bytes = Buffer.from(text);
    for (const range of ranges) {
      const source = [bytes.subarray(manifestRangeReadStart(range.start))];
      byRanges.push(...(await collect(parseManifestRange(source, { startOffset: range.start, endOffset: range.end, firstLineNumber: range.firstLine, maxBadLines: Infinity }))));
    }
    expect(byRanges).toEqual(whole);
    expect(byRanges.filter((e) => e.kind === 'bad').map((e) => e.line)).toEqual([132, 263, 394, 525, 656, 787, 918, 1049, 1180, 1311, 1442, 1573, 1704, 1835, 1966]);
  });

  it('refuses a range size below one byte', async () => {
    await expect(planManifestRanges(['a,1\n'], { rangeBytes: 0 })).rejects.toBeInstanceOf(ManifestError);
  });
});
