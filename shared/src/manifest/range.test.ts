import { describe, expect, it } from '@jest/globals';
import { parseManifest } from './parse.js';
import { manifestRangeReadStart, parseManifestRange } from './range.js';
import { bytesOf, chunked, collect, splitAt } from './test-support.js';
import type { ManifestEntry } from './types.js';

/** No quoted line breaks (the range parser's assumption); every other awkward spot. */
const SAMPLE = bytesOf('\uFEFFbkt,a\r\nbkt,é🎉\n\nbkt,"c,d"\rbad\r\n\r\nbkt,%E6%97%A5\nbkt,last');

/** What an entry says, without its line number (relative in range mode). */
const essence = (entry: ManifestEntry): string => (entry.kind === 'object' ? `object ${entry.key}` : `bad ${entry.code} ${entry.text}`);

async function range(bytes: Uint8Array, startOffset: number, endOffset: number, chunkSize = 7): Promise<ManifestEntry[]> {
  const source = chunked(bytes.subarray(manifestRangeReadStart(startOffset)), chunkSize);
  return (await collect(parseManifestRange(source, { startOffset, endOffset }))).entries;
}

describe('parseManifestRange', () => {
  it('reads the whole manifest when the range is the whole file', async () => {
    const whole = (await collect(parseManifest(splitAt(SAMPLE, [])))).entries;
    expect(await range(SAMPLE, 0, SAMPLE.length)).toEqual(whole);
    expect(await range(SAMPLE, 0, Infinity)).toEqual(whole);
  });

  it('reads every record exactly once when two ranges split the file at any byte', async () => {
    const whole = (await collect(parseManifest(splitAt(SAMPLE, [])))).entries.map(essence);
    for (let split = 0; split <= SAMPLE.length; split++) {
      const parts = [...(await range(SAMPLE, 0, split)), ...(await range(SAMPLE, split, SAMPLE.length))];
      expect({ split, entries: parts.map(essence) }).toEqual({ split, entries: whole });
    }
  });

  it('reads every record exactly once when three ranges tile the file', async () => {
    const whole = (await collect(parseManifest(splitAt(SAMPLE, [])))).entries.map(essence);
    for (let first = 0; first <= SAMPLE.length; first++) {
      for (let second = first; second <= SAMPLE.length; second++) {
        const parts = [
          ...(await range(SAMPLE, 0, first, 3)),
          ...(await range(SAMPLE, first, second, 3)),
          ...(await range(SAMPLE, second, Infinity, 3)),
        ];
        expect({ first, second, entries: parts.map(essence) }).toEqual({ first, second, entries: whole });
      }
    }
  });

  it('numbers lines from 1 within a range, or from firstLineNumber', async () => {
    const text = bytesOf('bkt,a\nbkt,b\n\nbkt,c\nbkt,d\n');
    const start = 'bkt,a\nbkt,'.length; // inside line 2: the range owns lines 3 on
    const relative = await collect(parseManifestRange(splitAt(text.subarray(manifestRangeReadStart(start)), []), { startOffset: start, endOffset: Infinity }));
    expect(relative.entries.map((e) => e.line)).toEqual([2, 3]);
    expect(relative.totals.lines).toBe(3);
    const absolute = await collect(
      parseManifestRange(splitAt(text.subarray(manifestRangeReadStart(start)), []), { startOffset: start, endOffset: Infinity, firstLineNumber: 3 }),
    );
    expect(absolute.entries.map((e) => e.line)).toEqual([4, 5]);
  });

  it('reports a quoted line break as a bad line and goes on with the next line', async () => {
    const entries = await range(bytesOf('bkt,a\nbkt,"multi\nline"\nbkt,b\n'), 0, Infinity);
    expect(entries.map((e) => [e.line, e.kind === 'object' ? e.key : e.code])).toEqual([
      [1, 'a'],
      [2, 'QuotedNewlineInRange'],
      [3, 'MalformedCsv'],
      [4, 'b'],
    ]);
  });

  it('stops reading the source after the first record past its end', async () => {
    let chunksRead = 0;
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < 1000; i++) {
          chunksRead += 1;
          yield bytesOf(`bkt,k${i}\n`);
        }
      } finally {
        closed = true;
      }
    }
    const { entries } = await collect(parseManifestRange(source(), { startOffset: 0, endOffset: 'bkt,k0\nbkt,k1\n'.length }));
    expect(entries.map((e) => e.kind === 'object' && e.key)).toEqual(['k0', 'k1']);
    expect(chunksRead).toBe(3);
    expect(closed).toBe(true);
  });

  it('reads from one byte before the start', () => {
    expect(manifestRangeReadStart(0)).toBe(0);
    expect(manifestRangeReadStart(100)).toBe(99);
  });

  it.each([
    [{ startOffset: -1, endOffset: 10 }],
    [{ startOffset: 10, endOffset: 5 }],
    [{ startOffset: 1.5, endOffset: 5 }],
    [{ startOffset: 0, endOffset: 5, firstLineNumber: 0 }],
  ])('refuses the options %j', (options) => {
    expect(() => parseManifestRange([], options)).toThrow(expect.objectContaining({ code: 'InvalidManifestOptions' }));
  });
});
