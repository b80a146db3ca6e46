import { describe, expect, it } from '@jest/globals';
import { decodeManifestKey, decodeNotificationKey, encodeManifestKey, eventBridgeKey } from './codec.js';
import { KeyCodecError } from './errors.js';

/** Awkward raw keys every encoding must carry through unchanged. */
const AWKWARD_KEYS = [
  'plain.txt',
  'dir/sub dir/with space.bin',
  'a+b.txt',
  '100%.txt',
  'literal%20percent-twenty',
  'a%2Fb literal',
  'café/naïve/Ελληνικά/日本語.txt',
  'emoji 🎉/🙂+😀.png',
  'comma,in,key.csv',
  'quote"in"key',
  "apostrophe's (1) [2] {3} !*~",
  'tab\tand\nnewline\r\n',
  '  leading and trailing  ',
  '/leading/slash//double//',
  '?query=1&x=2#frag;semi:colon@at$dollar',
  'é'.repeat(512),
  'x'.repeat(1024),
];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyCodecError);
    return (error as KeyCodecError).code;
  }
  return undefined;
}

describe('decodeNotificationKey', () => {
  // AWS-recorded examples, aws-facts §5.8.
  it.each([
    ['red+flower.jpg', 'red flower.jpg'],
    ['a%40b', 'a@b'],
    ['this+im+%2B+age+blah.txt', 'this im + age blah.txt'],
    ['testupload/dir1/testfile.txt', 'testupload/dir1/testfile.txt'],
  ])('decodes the record key %j to %j', (encoded, raw) => {
    expect(decodeNotificationKey(encoded)).toBe(raw);
  });

  it('decodes UTF-8 percent-encoding', () => {
    expect(decodeNotificationKey('caf%C3%A9/%F0%9F%8E%89')).toBe('café/🎉');
  });
});

describe('decodeManifestKey', () => {
  it.each([
    ['object%20key%20with%20spaces', 'object key with spaces'], // the User Guide's example
    ['object+key+with+spaces', 'object key with spaces'], // quote_plus
    ['a%2Bb', 'a+b'],
    ['a+%2B+b', 'a + b'],
    ['a%2Fb', 'a/b'],
    ['a%252Fb', 'a%2Fb'],
    ['100%25', '100%'],
    ['dir/file.txt', 'dir/file.txt'],
    ['%E6%97%A5%E6%9C%AC', '日本'],
    ['raw-unicode-é', 'raw-unicode-é'],
  ])('decodes %j to %j', (encoded, raw) => {
    expect(decodeManifestKey(encoded)).toBe(raw);
  });

  it.each([
    ['a%zz', 'not a percent-encoded byte'],
    ['truncated%4', 'not a percent-encoded byte'],
    ['trailing%', 'not a percent-encoded byte'],
    ['%C3%28', 'not valid UTF-8'],
    ['%FF', 'not valid UTF-8'],
    ['%ED%A0%80', 'not valid UTF-8'], // an encoded surrogate
    ['%C0%AF', 'not valid UTF-8'], // overlong
  ])('refuses %j with InvalidKeyEncoding (%s)', (encoded, reason) => {
    let caught: unknown;
    try {
      decodeManifestKey(encoded);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(KeyCodecError);
    const error = caught as KeyCodecError;
    expect(error).not.toBeInstanceOf(URIError);
    expect(error.code).toBe('InvalidKeyEncoding');
    expect(error.name).toBe('KeyCodecError');
    expect(error.value).toBe(encoded);
    expect(error.reason).toContain(reason);
    expect(error.details).toEqual({ value: encoded, reason: error.reason });
    expect(error.cause).toBeInstanceOf(URIError);
  });
});

describe('eventBridgeKey', () => {
  it.each(['a/obj 1.bin', 'a+b', 'a%20b'])('returns the raw key %j unchanged', (raw) => {
    expect(eventBridgeKey(raw)).toBe(raw);
  });
});

describe('encodeManifestKey', () => {
  it.each([
    ['a/b c+d.txt', 'a/b%20c%2Bd.txt'],
    ['100%', '100%25'],
    ['a,b"c\nd', 'a%2Cb%22c%0Ad'],
    ['é', '%C3%A9'],
  ])('encodes %j as %j', (raw, encoded) => {
    expect(encodeManifestKey(raw)).toBe(encoded);
  });

  it('refuses a lone surrogate with InvalidKeyEncoding', () => {
    expect(codeOf(() => encodeManifestKey('bad\uD800'))).toBe('InvalidKeyEncoding');
  });

  it.each(AWKWARD_KEYS)('round-trips %j through both decoders', (raw) => {
    const encoded = encodeManifestKey(raw);
    expect(encoded).not.toMatch(/[ +,"\r\n]/);
    expect(decodeManifestKey(encoded)).toBe(raw);
    expect(decodeNotificationKey(encoded)).toBe(raw);
    expect(decodeURIComponent(encoded)).toBe(raw);
  });
});
