/**
 * Optional persistence (`--data-dir`): the whole state is written as one JSON snapshot, atomically
 * (temporary file + rename), shortly after each change and when the sandbox closes. On start the
 * snapshot is loaded and every pending restore, expiry and Batch Operations step is scheduled
 * again on the clock, which resumes at the saved virtual time.
 *
 * Object bodies of more than {@link INLINE_BODY_BYTES} (manifests, reports) are not in the JSON:
 * each is a file `bodies/<sha256>` beside it, written (and hashed) once, so a snapshot
 * stays small and fast to write however big the manifests are, and a body is never copied into a
 * string (a 10,000,000-line manifest is ~350 MB: as base64 inside one JSON string it would not fit).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Bucket, ObjectVersion } from './model.js';

/** Bodies up to this size stay in the snapshot (base64); bigger ones get their own file. */
export const INLINE_BODY_BYTES = 64 * 1024;

/** An object version as the snapshot holds it: the body inline (base64) or named by its file. */
export type VersionSnapshot = Omit<ObjectVersion, 'body'> & { bodyBase64?: string; bodyFile?: string };

export interface BucketSnapshot extends Omit<Bucket, 'objects'> {
  objects: Array<[string, VersionSnapshot[]]>;
}

export interface Snapshot {
  format: 1;
  savedAt: number;
  clockNow: number;
  s3: { buckets: BucketSnapshot[]; counters: { sequencer: number; versionCounter: number } };
  batch: unknown;
  /** Event messages filed and not yet sent (absent in snapshots from before it was kept). */
  events?: unknown;
}

const FILE = 'sandbox-state.json';

export class SnapshotFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly capture: () => Snapshot,
    private readonly debounceMs = 100,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  load(): Snapshot | undefined {
    const file = path.join(this.dir, FILE);
    if (!existsSync(file)) return undefined;
    const data = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
    if (data.format !== 1) throw new Error(`${file}: unknown snapshot format ${String(data.format)}`);
    return data;
  }

  /** Save soon (debounced). */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.saveNow();
    }, this.debounceMs);
    this.timer.unref?.();
  }

  saveNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const file = path.join(this.dir, FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.capture()));
    renameSync(tmp, file);
  }
}

/** A bucket as the snapshot holds it; big bodies are written to `<dir>/bodies` (once each). */
export function bucketToSnapshot(bucket: Bucket, dir: string): BucketSnapshot {
  return { ...bucket, objects: [...bucket.objects.entries()].map(([key, versions]) => [key, versions.map((v) => versionToSnapshot(v, dir))]) };
}

/** A bucket from the snapshot, its big bodies read back from `<dir>/bodies`. */
export function bucketFromSnapshot(snapshot: BucketSnapshot, dir: string): Bucket {
  return { ...snapshot, objects: new Map(snapshot.objects.map(([key, versions]) => [key, versions.map((v) => versionFromSnapshot(v, dir))])) };
}

/** The file name of each big body already hashed: bodies never change, so a snapshot hashes each once. */
const bodyNames = new WeakMap<Buffer, string>();

function versionToSnapshot(version: ObjectVersion, dir: string): VersionSnapshot {
  const { body, ...rest } = version;
  if (body.length <= INLINE_BODY_BYTES) return { ...rest, bodyBase64: body.toString('base64') };
  const name = bodyNames.get(body) ?? createHash('sha256').update(body).digest('hex');
  bodyNames.set(body, name);
  const file = path.join(dir, 'bodies', name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, body);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return { ...rest, bodyFile: name };
}

function versionFromSnapshot(snapshot: VersionSnapshot, dir: string): ObjectVersion {
  const { bodyBase64, bodyFile, ...rest } = snapshot;
  const body = bodyFile ? readFileSync(path.join(dir, 'bodies', bodyFile)) : Buffer.from(bodyBase64 ?? '', 'base64');
  if (bodyFile) bodyNames.set(body, bodyFile);
  return { ...rest, body };
}
