import { describe, expect, it } from '@jest/globals';
import { parseManifest } from './parse.js';
import { bytesOf, chunked, collect, splitAt } from './test-support.js';

/** A small manifest with every awkward spot a chunk boundary can fall into. */
const SAMPLE = bytesOf(
  [
    '\uFEFFbkt,plain.txt\r\n', // BOM, CRLF
    'bkt,caf%C3%A9+%2B/é🎉\r\n', // percent-encoded and raw multi-byte characters
    '\r\n', // blank
    'bkt,"quoted,comma ""q"""\n',
    'bkt,"multi\r\nline"\n', // a quoted line break
    'bad-line\r', // a lone CR
    'bkt,last\r', // a lone CR at the end
  ].join(''),
);

async function parseChunks(source: AsyncIterable<Uint8Array>): Promise<unknown> {
  return collect(parseManifest(source));
}

describe('parseManifest across chunk boundaries', () => {
  it('reads the sample as expected in one chunk', async () => {
    const { entries, totals } = await collect(parseManifest(splitAt(SAMPLE, [])));
    expect(entries.map((e) => [e.line, e.kind === 'object' ? e.key : e.code])).toEqual([
      [1, 'plain.txt'],
      [2, 'café +/é🎉'],
      [4, 'quoted,comma "q"'],
      [5, 'multi\r\nline'],
      [7, 'WrongColumnCount'],
      [8, 'last'],
    ]);
    expect(totals).toEqual({ lines: 8, withVersionIds: false });
  });

  it('gives the same result with one cut at every byte offset', async () => {
    const whole = await parseChunks(splitAt(SAMPLE, []));
    for (let cut = 0; cut <= SAMPLE.length; cut++) {
      expect({ cut, result: await parseChunks(splitAt(SAMPLE, [cut])) }).toEqual({ cut, result: whole });
    }
  });

  it('gives the same result with two cuts at every pair of offsets', async () => {
    const whole = await parseChunks(splitAt(SAMPLE, []));
    for (let first = 1; first < SAMPLE.length; first++) {
      for (let second = first; second < SAMPLE.length; second++) {
        expect({ first, second, result: await parseChunks(splitAt(SAMPLE, [first, second])) }).toEqual({ first, second, result: whole });
      }
    }
  });

  it('gives the same result one byte at a time', async () => {
    expect(await parseChunks(chunked(SAMPLE, 1))).toEqual(await parseChunks(splitAt(SAMPLE, [])));
  });
});
