/**
 * Optional persistence (`--data-dir`): the whole state is written as one JSON snapshot, atomically
 * (temporary file + rename), shortly after each change and when the sandbox closes. On start the
 * snapshot is loaded and every pending restore, expiry and Batch Operations step is scheduled
 * again on the clock, which resumes at the saved virtual time.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Bucket, ObjectVersion } from './model.js';

export interface BucketSnapshot extends Omit<Bucket, 'objects'> {
  objects: Array<[string, ObjectVersion[]]>;
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

export function bucketToSnapshot(bucket: Bucket): BucketSnapshot {
  return { ...bucket, objects: [...bucket.objects.entries()] };
}

export function bucketFromSnapshot(snapshot: BucketSnapshot): Bucket {
  return { ...snapshot, objects: new Map(snapshot.objects) };
}
