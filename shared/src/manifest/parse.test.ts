import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { ManifestError } from './errors.js';
import { parseManifest } from './parse.js';
import { bytesOf, collect, sourceOf } from './test-support.js';
import type { ManifestEntry } from './types.js';

async function parse(text: string | Uint8Array, maxBadLines?: number): Promise<ManifestEntry[]> {
  return (await collect(parseManifest(sourceOf(text), { maxBadLines }))).entries;
}

const object = (line: number, key: string, versionId?: string): ManifestEntry =>
  versionId === undefined ? { kind: 'object', line, bucket: 'bkt', key } : { kind: 'object', line, bucket: 'bkt', key, versionId };

describe('parseManifest: the format', () => {
  it('reads rows with LF, CRLF and a lone CR, skipping but counting blank lines', async () => {
    const { entries, totals } = await collect(parseManifest(sourceOf('bkt,a\r\n\r\nbkt,b\n\nbkt,c\rbkt,d\r')));
    expect(entries).toEqual([object(1, 'a'), object(3, 'b'), object(5, 'c'), object(6, 'd')]);
    expect(totals).toEqual({ lines: 6, withVersionIds: false });
  });

  it('decodes keys with form decoding (+ is a space, %2B a plus)', async () => {
    expect(await parse('bkt,red+flower%2B1.jpg\nbkt,object%20key%20with%20spaces\nbkt,caf%C3%A9/%F0%9F%8E%89')).toEqual([
      object(1, 'red flower+1.jpg'),
      object(2, 'object key with spaces'),
      object(3, 'café/🎉'),
    ]);
  });

  it('ignores a UTF-8 BOM at the start only', async () => {
    expect(await parse(bytesOf('\uFEFFbkt,a\n'))).toEqual([object(1, 'a')]);
    const [, second] = await parse('bkt,a\n\uFEFFbkt,b');
    expect(second).toMatchObject({ kind: 'bad', line: 2, code: 'InvalidBucketName' });
  });

  it('reads RFC 4180 quoted fields: commas, doubled quotes, line breaks (numbered by their first line)', async () => {
    const text = '"bkt","quoted,comma"\nbkt,"say ""hi"""\r\nbkt,"multi\r\nline\nkey"\nbkt,after';
    expect(await parse(text)).toEqual([object(1, 'quoted,comma'), object(2, 'say "hi"'), object(3, 'multi\r\nline\nkey'), object(6, 'after')]);
  });

  it('reads version ids, and an empty third field as none', async () => {
    expect(await parse('bkt,a,v1\nbkt,b,3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY')).toEqual([object(1, 'a', 'v1'), object(2, 'b', '3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY')]);
    expect(await parse('bkt,a,\nbkt,b')).toEqual([object(1, 'a'), object(2, 'b')]);
  });

  it('accepts a 1,024-byte key and refuses a 1,025-byte one', async () => {
    const key = 'é'.repeat(512);
    const entries = await parse(`bkt,${encodeURIComponent(key)}\nbkt,${encodeURIComponent(key)}k`);
    expect(entries[0]).toEqual(object(1, key));
    expect(entries[1]).toMatchObject({ kind: 'bad', line: 2, code: 'KeyTooLong' });
  });

  it('reads Node streams and string chunks that split a surrogate pair', async () => {
    const fromStream = await collect(parseManifest(Readable.from([Buffer.from('bkt,a\nbkt,'), Buffer.from('b\n')])));
    expect(fromStream.entries).toEqual([object(1, 'a'), object(2, 'b')]);
    const pair = '🎉';
    const fromStrings = await collect(parseManifest(['bkt,x', pair[0]!, pair[1]! + 'y\n']));
    expect(fromStrings.entries).toEqual([object(1, 'x🎉y')]);
  });

  it('counts physical lines in the totals', async () => {
    expect((await collect(parseManifest(sourceOf('')))).totals.lines).toBe(0);
    expect((await collect(parseManifest(sourceOf('\n\n')))).totals.lines).toBe(2);
    expect((await collect(parseManifest(sourceOf('bkt,a\nbkt,"b\nc"')))).totals.lines).toBe(3);
  });
});

describe('parseManifest: bad lines', () => {
  it.each([
    ['a header row', 'Bucket,Key', 'InvalidBucketName'],
    ['one field', 'bkt', 'WrongColumnCount'],
    ['four fields', 'bkt,k,v,x', 'WrongColumnCount'],
    ['an empty bucket', ',k', 'InvalidBucketName'],
    ['an invalid bucket name', 'Bad_Bucket,k', 'InvalidBucketName'],
    ['an empty key', 'bkt,', 'EmptyKey'],
    ['an empty quoted key', 'bkt,""', 'EmptyKey'],
    ['a bad percent sequence', 'bkt,a%zz', 'InvalidKeyEncoding'],
    ['a truncated percent sequence', 'bkt,a%4', 'InvalidKeyEncoding'],
    ['percent-encoded bytes that are not UTF-8', 'bkt,%C3%28', 'InvalidKeyEncoding'],
    ['a 1,025-byte key', `bkt,${'k'.repeat(1025)}`, 'KeyTooLong'],
    ['a stray quote', 'bkt,ab"c', 'MalformedCsv'],
    ['text after a closing quote', 'bkt,"k"x', 'MalformedCsv'],
    ['a record over the size limit', `bkt,${'k'.repeat(20_000)}`, 'LineTooLong'],
  ])('reports %s, with its line number and text', async (_name, line, code) => {
    const entries = await parse(`bkt,first\n\n${line}\nbkt,last`);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toEqual(object(1, 'first'));
    expect(entries[1]).toMatchObject({ kind: 'bad', line: 3, code, text: line.slice(0, 200) });
    expect(entries[1]?.kind === 'bad' && entries[1].message.length).toBeGreaterThan(10);
    expect(entries[2]).toEqual(object(4, 'last'));
  });

  it('reports bytes that are not UTF-8 as InvalidUtf8', async () => {
    const bytes = new Uint8Array([...bytesOf('bkt,a\nbkt,x'), 0xff, 0xfe, ...bytesOf('\nbkt,b\n')]);
    expect(await parse(bytes)).toEqual([
      object(1, 'a'),
      { kind: 'bad', line: 2, code: 'InvalidUtf8', message: 'the line is not valid UTF-8', text: 'bkt,x\uFFFD\uFFFD' },
      object(3, 'b'),
    ]);
  });

  it('reports a quoted field left open at the end, at the line where it started', async () => {
    expect(await parse('bkt,a\nbkt,"open\nstill open\n')).toEqual([
      object(1, 'a'),
      { kind: 'bad', line: 2, code: 'UnterminatedQuote', message: 'the input ends inside a quoted field', text: 'bkt,"open\nstill open' },
    ]);
  });

  it('cuts the text of a long bad line to 200 characters', async () => {
    const [entry] = await parse(`${'B'.repeat(300)},k`);
    expect(entry?.kind === 'bad' && entry.text).toBe('B'.repeat(200));
  });

  it('reports a row without a version id among rows with one', async () => {
    expect(await parse('bkt,a,v1\nbkt,b\nbkt,c,v3')).toEqual([
      object(1, 'a', 'v1'),
      expect.objectContaining({ kind: 'bad', line: 2, code: 'MixedVersionIds' }),
      object(3, 'c', 'v3'),
    ]);
  });

  it('reports a row with a version id among rows without, the first valid row deciding', async () => {
    const { entries, totals } = await collect(parseManifest(sourceOf('Bucket,Key,VersionId\nbkt,a\nbkt,b,v2')));
    expect(entries.map((e) => (e.kind === 'bad' ? e.code : e.key))).toEqual(['InvalidBucketName', 'a', 'MixedVersionIds']);
    expect(totals.withVersionIds).toBe(false);
  });

  it('stops with TooManyBadLines after maxBadLines bad lines', async () => {
    const seen: ManifestEntry[] = [];
    let caught: unknown;
    try {
      for await (const entry of parseManifest(sourceOf('x\nbkt,a\ny\nz\nbkt,b'), { maxBadLines: 1 })) seen.push(entry);
    } catch (error) {
      caught = error;
    }
    expect(seen.map((e) => e.line)).toEqual([1, 2]);
    expect(caught).toBeInstanceOf(ManifestError);
    expect(caught).toMatchObject({ code: 'TooManyBadLines', details: { line: 3, badLineCount: 2, maxBadLines: 1 } });
  });

  it('allows 100 bad lines by default and none with maxBadLines 0', async () => {
    expect(await parse('x\n'.repeat(100))).toHaveLength(100);
    await expect(parse('x\n'.repeat(101))).rejects.toMatchObject({ code: 'TooManyBadLines' });
    await expect(parse('x', 0)).rejects.toMatchObject({ code: 'TooManyBadLines' });
  });

  it('refuses a nonsensical maxBadLines', () => {
    expect(() => parseManifest(sourceOf(''), { maxBadLines: -1 })).toThrow(expect.objectContaining({ code: 'InvalidManifestOptions' }));
  });
});
