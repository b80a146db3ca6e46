/**
 * The parse loop shared by whole-manifest and byte-range parsing: source chunks → lines →
 * records → entries, one record in memory at a time.
 */
import { EntryReader, PAST_END } from './entry-reader.js';
import type { ReadSettings } from './entry-reader.js';
import { LineSplitter } from './line-splitter.js';
import type { ManifestEntry, ManifestParseTotals } from './types.js';
import { MAX_RECORD_BYTES } from './types.js';

/** Where manifest bytes come from: a Node stream, an SDK body, a generator of strings or bytes. */
export type ManifestSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Parse `source` as the settings say; the generator's return value is the totals. */
export async function* readManifest(
  source: ManifestSource,
  settings: ReadSettings,
): AsyncGenerator<ManifestEntry, ManifestParseTotals, undefined> {
  const reader = new EntryReader(settings);
  const splitter = new LineSplitter(MAX_RECORD_BYTES);
  // Lines are taken one at a time straight from the splitter (no per-line generator): they die
  // young, which keeps both time and garbage down on million-line manifests.
  for await (const bytes of byteChunks(source)) {
    splitter.feed(bytes);
    for (let line = splitter.next(); line; line = splitter.next()) {
      const entry = reader.accept(line);
      if (entry === PAST_END) return reader.totals();
      if (entry) yield entry;
    }
  }
  for (const line of splitter.end()) {
    const entry = reader.accept(line);
    if (entry === PAST_END) return reader.totals();
    if (entry) yield entry;
  }
  const last = reader.finish();
  if (last) yield last;
  return reader.totals();
}

/** The source as bytes (string chunks encoded as UTF-8, a surrogate pair never split). */
export async function* byteChunks(source: ManifestSource): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let heldSurrogate = '';
  for await (const chunk of source) {
    if (typeof chunk !== 'string') {
      yield chunk;
      continue;
    }
    // A string chunk may end between the two halves of a surrogate pair: keep the first half.
    let text = heldSurrogate + chunk;
    const lastCode = text.charCodeAt(text.length - 1);
    heldSurrogate = lastCode >= 0xd800 && lastCode <= 0xdbff ? text.slice(-1) : '';
    if (heldSurrogate) text = text.slice(0, -1);
    yield encoder.encode(text);
  }
  if (heldSurrogate) yield encoder.encode(heldSurrogate);
}
