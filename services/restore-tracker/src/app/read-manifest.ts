/**
 * Stream a job's manifest into the store: entries are parsed one at a time and registered in
 * chunks with a few chunks in flight, so memory stays constant whatever the manifest's size.
 */
import { DependencyError, ManifestError, manifestRangeReadStart, parseManifest, parseManifestRange } from '@s3-bulk-restore/shared';
import type { ManifestRangePlan } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import { TaskPool } from './pool.js';
import type { ManifestLocation, ManifestObject, RangeReading } from './ports.js';

/** Entries per `registerObjects` call, unless the store prefers another size. */
export const REGISTER_CHUNK = 100;
/** `registerObjects` calls in flight. */
export const REGISTER_CONCURRENCY = 4;
/** Bad lines reported in detail (and tolerated before the parse stops). */
export const MAX_BAD_LINES = 100;

const MESSAGE_CHARS = 1024;
/** The ManifestSource's errors that mean the manifest cannot be read at all (not worth a retry). */
export const UNREADABLE = new Set(['ManifestNotFound', 'ManifestChanged', 'ManifestAccessDenied']);

/**
 * Read and register the manifest of `jobId`, or only the lines of `range` (its line numbers are
 * the whole file's), and say what it found: the reading a range keeps as it is (`completeRange`). Once a bad line is seen nothing more is registered (the job will fail), but
 * the parse goes on to count and locate the bad lines.
 */
export async function readManifestInto(
  deps: Pick<TrackerDeps, 'store' | 'manifests'>,
  jobId: string,
  location: ManifestLocation,
  range?: ManifestRangePlan,
): Promise<RangeReading> {
  const reading: RangeReading = { objectLines: 0, registered: 0, duplicates: 0, badLines: [], tooManyBadLines: false };
  const pool = new TaskPool(REGISTER_CONCURRENCY);
  const chunkSize = deps.store.registrationChunk ?? REGISTER_CHUNK;
  let chunk: ManifestObject[] = [];
  const flush = async (): Promise<void> => {
    const entries = chunk;
    chunk = [];
    await pool.run(async () => {
      const result = await deps.store.registerObjects(jobId, entries);
      reading.registered += result.registered;
      reading.duplicates += result.duplicates;
    });
  };
  const entries = range
    ? parseManifestRange(deps.manifests.open(location, manifestRangeReadStart(range.start)), {
        startOffset: range.start,
        endOffset: range.end,
        firstLineNumber: range.firstLine,
        maxBadLines: MAX_BAD_LINES,
      })
    : parseManifest(deps.manifests.open(location), { maxBadLines: MAX_BAD_LINES });
  try {
    for (let next = await entries.next(); ; next = await entries.next()) {
      if (next.done) {
        if (next.value.withVersionIds !== undefined) reading.withVersionIds = next.value.withVersionIds;
        break;
      }
      const entry = next.value;
      if (entry.kind === 'bad') {
        reading.badLines.push({ code: entry.code, message: entry.message.slice(0, MESSAGE_CHARS), line: entry.line });
        continue;
      }
      reading.objectLines += 1;
      reading.firstObjectLine ??= entry.line;
      if (reading.badLines.length > 0) continue;
      chunk.push({ line: entry.line, bucket: entry.bucket, key: entry.key, ...(entry.versionId ? { versionId: entry.versionId } : {}) });
      if (chunk.length >= chunkSize) await flush();
    }
    if (chunk.length > 0 && reading.badLines.length === 0) await flush();
    await pool.drain();
  } catch (error) {
    // Let the chunks in flight settle before deciding; their own failure matters less than this one.
    await pool.drain().catch(() => undefined);
    if (error instanceof ManifestError && error.code === 'TooManyBadLines') reading.tooManyBadLines = true;
    else if (error instanceof DependencyError && UNREADABLE.has(error.code)) reading.unreadable = { code: error.code, message: error.message.slice(0, MESSAGE_CHARS) };
    else throw error;
  }
  return reading;
}

/**
 * The readings of every range as one: sums, the first {@link MAX_BAD_LINES} bad lines by line,
 * the first unreadable range's reason, and a `MixedVersionIds` bad line at the first object of
 * the first range whose objects disagree with the manifest's first range about version ids
 * (each range checks that within itself).
 */
export function combineReadings(readings: RangeReading[]): RangeReading {
  const combined: RangeReading = { objectLines: 0, registered: 0, duplicates: 0, badLines: [], tooManyBadLines: false };
  let versioned: boolean | undefined;
  for (const reading of readings) {
    combined.objectLines += reading.objectLines;
    combined.registered += reading.registered;
    combined.duplicates += reading.duplicates;
    combined.badLines.push(...reading.badLines);
    combined.tooManyBadLines ||= reading.tooManyBadLines;
    combined.unreadable ??= reading.unreadable;
    if (reading.withVersionIds === undefined) continue;
    versioned ??= reading.withVersionIds;
    if (reading.withVersionIds !== versioned && reading.firstObjectLine !== undefined) {
      const message = versioned ? 'This row has no version id but the rows before it have one.' : 'This row has a version id but the rows before it have none.';
      combined.badLines.push({ code: 'MixedVersionIds', message, line: reading.firstObjectLine });
    }
  }
  combined.badLines.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (combined.badLines.length > MAX_BAD_LINES) {
    combined.badLines.length = MAX_BAD_LINES;
    combined.tooManyBadLines = true;
  }
  return combined;
}
