import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { parseManifest } from './parse.js';

const LINES = 1_000_000;
const LINES_PER_CHUNK = 1000;

/** A generated manifest, made chunk by chunk so the test itself holds no more than one chunk. */
async function* generatedManifest(): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (let first = 0; first < LINES; first += LINES_PER_CHUNK) {
    let chunk = '';
    for (let i = first; i < first + LINES_PER_CHUNK; i++) chunk += `archive-bucket,photos/2024/${i % 97}/img+${i}%20%C3%A9.jpg\n`;
    yield encoder.encode(chunk);
  }
}

/**
 * A way to force a full collection, so the test measures what the parser keeps rather than
 * garbage not yet collected: `global.gc` when node runs with --expose-gc, otherwise the same
 * trick jest's own leak detector uses (enable the flag, then take `gc` from a fresh context).
 */
function findGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

const gc = findGc();
/** What the parser may keep: little when garbage is collected first; the brief's ~50 MB when not. */
const MAX_HEAP_GROWTH = (gc ? 10 : 50) * 1024 * 1024;

describe('parseManifest memory', () => {
  it(`streams ${LINES.toLocaleString('en')} lines with bounded heap growth`, async () => {
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let objects = 0;
    let lastKey = '';
    const started = performance.now();
    for await (const entry of parseManifest(generatedManifest())) {
      if (entry.kind !== 'object') throw new Error(`unexpected bad line ${entry.line}: ${entry.message}`);
      objects += 1;
      lastKey = entry.key;
      if (objects % 200_000 === 0) {
        gc?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    gc?.();
    const after = process.memoryUsage().heapUsed;
    console.log(
      `parsed ${objects} lines in ${seconds.toFixed(2)} s (${Math.round(objects / seconds).toLocaleString('en')} lines/s); ` +
        `heap before ${mb(before)}, peak ${mb(peak)}, after ${mb(after)}${gc ? ' (after full collections)' : ' (no gc available: figures include garbage)'}`,
    );
    expect(objects).toBe(LINES);
    expect(lastKey).toBe(`photos/2024/${(LINES - 1) % 97}/img ${LINES - 1} é.jpg`);
    expect(peak - before).toBeLessThan(MAX_HEAP_GROWTH);
    expect(after - before).toBeLessThan(MAX_HEAP_GROWTH);
  }, 30_000);
});

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
