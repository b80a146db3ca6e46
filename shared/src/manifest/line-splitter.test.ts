import { describe, expect, it } from '@jest/globals';
import { LineSplitter } from './line-splitter.js';
import type { PhysicalLine } from './line-splitter.js';
import { bytesOf } from './test-support.js';

const decoder = new TextDecoder();

function split(chunks: Uint8Array[], max = 100): Array<[string, number, string, boolean]> {
  const splitter = new LineSplitter(max);
  const lines: PhysicalLine[] = [];
  for (const chunk of chunks) {
    splitter.feed(chunk);
    for (let line = splitter.next(); line; line = splitter.next()) lines.push(line);
  }
  lines.push(...splitter.end());
  return lines.map((l) => [decoder.decode(l.bytes), l.offset, l.lineBreak, l.truncated]);
}

describe('LineSplitter', () => {
  it('splits on LF, CRLF and lone CR with byte offsets', () => {
    expect(split([bytesOf('a\nbb\r\nccc\rdé\r')])).toEqual([
      ['a', 0, '\n', false],
      ['bb', 2, '\r\n', false],
      ['ccc', 6, '\r', false],
      ['dé', 10, '\r', false],
    ]);
  });

  it('keeps a final line without a line break, and no empty line after a final break', () => {
    expect(split([bytesOf('a\nb')])).toEqual([
      ['a', 0, '\n', false],
      ['b', 2, '', false],
    ]);
    expect(split([bytesOf('a\n')])).toEqual([['a', 0, '\n', false]]);
    expect(split([])).toEqual([]);
  });

  it('joins a CRLF pair split across chunks', () => {
    expect(split([bytesOf('a\r'), bytesOf(''), bytesOf('\nb')])).toEqual([
      ['a', 0, '\r\n', false],
      ['b', 3, '', false],
    ]);
  });

  it('keeps at most max bytes of a long line and flags it', () => {
    const lines = split([bytesOf('x'.repeat(7)), bytesOf('x'.repeat(7) + '\nok')], 10);
    expect(lines).toEqual([
      ['x'.repeat(10), 0, '\n', true],
      ['ok', 15, '', false],
    ]);
  });

  it('copies a partial line so a source may reuse its buffer', () => {
    const buffer = bytesOf('ab');
    const splitter = new LineSplitter(100);
    splitter.feed(buffer);
    expect(splitter.next()).toBeUndefined();
    buffer.set(bytesOf('zz'));
    splitter.feed(bytesOf('\n'));
    const line = splitter.next();
    expect(decoder.decode(line!.bytes)).toBe('ab');
  });
});
