import { describe, expect, it } from '@jest/globals';
import { readCsvRecords } from './csv-records.js';
import { bytesOf, chunked } from './test-support.js';

async function records(source: Parameters<typeof readCsvRecords>[0]) {
  const all = [];
  for await (const record of readCsvRecords(source)) all.push(record);
  return all;
}

describe('readCsvRecords', () => {
  it('splits records with quoting, numbers them by the line they start on, skips blank lines and a BOM', async () => {
    const text = '\uFEFFb,k1,,failed,"say ""hi"", twice"\r\n\nb,k2,,failed,"two\nlines"\nb,k3,,succeeded,ok';
    const expected = [
      { kind: 'fields', line: 1, fields: ['b', 'k1', '', 'failed', 'say "hi", twice'] },
      { kind: 'fields', line: 3, fields: ['b', 'k2', '', 'failed', 'two\nlines'] },
      { kind: 'fields', line: 5, fields: ['b', 'k3', '', 'succeeded', 'ok'] },
    ];
    for (const size of [1, 3, 1000]) {
      expect(await records(chunked(bytesOf(text), size))).toEqual(expected.map((r) => expect.objectContaining(r)));
    }
  });

  it('reports a record it cannot split, with its line, and goes on', async () => {
    const out = await records(['b,k"x\nb,k2\nb,"open']);
    expect(out).toEqual([
      expect.objectContaining({ kind: 'bad', line: 1, code: 'MalformedCsv' }),
      expect.objectContaining({ kind: 'fields', line: 2, fields: ['b', 'k2'] }),
      expect.objectContaining({ kind: 'bad', line: 3, code: 'UnterminatedQuote' }),
    ]);
  });
});
