/**
 * Stream a job's manifest into the store: entries are parsed one at a time and registered in
 * chunks with a few chunks in flight, so memory stays constant whatever the manifest's size.
 */
import { DependencyError, ManifestError, parseManifest } from '@s3-bulk-restore/shared';
import type { TrackerDeps } from './deps.js';
import { TaskPool } from './pool.js';
import type { Failure, ManifestLocation, ManifestObject } from './ports.js';

/** Entries per `registerObjects` call, unless the store prefers another size. */
export const REGISTER_CHUNK = 100;
/** `registerObjects` calls in flight. */
export const REGISTER_CONCURRENCY = 4;
/** Bad lines reported in detail (and tolerated before the parse stops). */
export const MAX_BAD_LINES = 100;

/** What reading the manifest found. */
export interface ManifestReading {
  /** Lines that named an object. */
  objectLines: number;
  registered: number;
  duplicates: number;
  /** The first {@link MAX_BAD_LINES} bad lines, with their line numbers. */
  badLines: Failure[];
  /** More bad lines than could be kept: the parse stopped early. */
  tooManyBadLines: boolean;
  /** Set when the manifest could not be read at all (gone, changed, refused). */
  unreadable?: DependencyError;
}

const MESSAGE_CHARS = 1024;
/** The ManifestSource's errors that mean the manifest cannot be read at all (not worth a retry). */
const UNREADABLE = new Set(['ManifestNotFound', 'ManifestChanged', 'ManifestAccessDenied']);

/** Read and register the manifest of `jobId`. Once a bad line is seen nothing more is registered (the job will fail), but the parse goes on to count and locate the bad lines. */
export async function readManifestInto(deps: Pick<TrackerDeps, 'store' | 'manifests'>, jobId: string, location: ManifestLocation): Promise<ManifestReading> {
  const reading: ManifestReading = { objectLines: 0, registered: 0, duplicates: 0, badLines: [], tooManyBadLines: false };
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
  try {
    for await (const entry of parseManifest(deps.manifests.open(location), { maxBadLines: MAX_BAD_LINES })) {
      if (entry.kind === 'bad') {
        reading.badLines.push({ code: entry.code, message: entry.message.slice(0, MESSAGE_CHARS), line: entry.line });
        continue;
      }
      reading.objectLines += 1;
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
    else if (error instanceof DependencyError && UNREADABLE.has(error.code)) reading.unreadable = error;
    else throw error;
  }
  return reading;
}
