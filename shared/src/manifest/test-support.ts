/** Helpers for the manifest tests (not part of the API). */
import type { ManifestSource } from './read.js';
import type { ManifestEntry, ManifestParseTotals } from './types.js';

const encoder = new TextEncoder();

/** The bytes of `text` as UTF-8. */
export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** An async source yielding `bytes` cut at the given offsets. */
export async function* splitAt(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(from, cut);
    from = cut;
  }
}

/** An async source yielding `bytes` in chunks of `size`. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/** Every entry of a parse and its totals. */
export async function collect(
  entries: AsyncGenerator<ManifestEntry, ManifestParseTotals, undefined>,
): Promise<{ entries: ManifestEntry[]; totals: ManifestParseTotals }> {
  const all: ManifestEntry[] = [];
  for (;;) {
    const next = await entries.next();
    if (next.done) return { entries: all, totals: next.value };
    all.push(next.value);
  }
}

/** A one-chunk source. */
export function sourceOf(text: string | Uint8Array): ManifestSource {
  return [text];
}
