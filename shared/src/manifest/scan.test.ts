import { describe, expect, it } from '@jest/globals';
import { scanManifest, SCAN_BAD_LINES_KEPT } from './parse.js';
import { sourceOf } from './test-support.js';
import type { ManifestObjectEntry } from './types.js';

describe('scanManifest', () => {
  it('hands over each object in order and sums up', async () => {
    const seen: string[] = [];
    const scan = await scanManifest(sourceOf('bkt,a\n\nbad\nbkt,b%20c\n'), async (entry: ManifestObjectEntry) => {
      await Promise.resolve();
      seen.push(`${entry.line}:${entry.key}`);
    });
    expect(seen).toEqual(['1:a', '4:b c']);
    expect(scan).toEqual({
      lines: 4,
      objects: 2,
      badLines: [{ line: 3, code: 'WrongColumnCount', message: expect.stringContaining('found 1') }],
      badLineCount: 1,
    });
  });

  it('keeps the first bad lines in detail and counts all of them', async () => {
    const scan = await scanManifest(sourceOf('x\n'.repeat(250)), () => undefined, { maxBadLines: Infinity });
    expect(scan.badLineCount).toBe(250);
    expect(scan.badLines).toHaveLength(SCAN_BAD_LINES_KEPT);
    expect(scan.badLines.at(-1)?.line).toBe(SCAN_BAD_LINES_KEPT);
  });

  it('stops reading the source when onObject throws', async () => {
    let closed = false;
    async function* source(): AsyncGenerator<string> {
      try {
        for (let i = 0; ; i++) yield `bkt,k${i}\n`;
      } finally {
        closed = true;
      }
    }
    const failing = scanManifest(source(), (entry) => {
      if (entry.key === 'k2') throw new Error('store down');
    });
    await expect(failing).rejects.toThrow('store down');
    expect(closed).toBe(true);
  });
});
