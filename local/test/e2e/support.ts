import { ListJobsCommand } from '@aws-sdk/client-s3-control';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { sandboxS3Client, sandboxS3ControlClient } from '../../src/sandbox/clients.js';
import type { E2E } from './harness/index.js';

export const HOUR = 3_600_000;

export interface Seeded {
  bucket: string;
  key: string;
  lines: number;
}

/** Seed archived objects and their manifest in the sandbox (dev API), bucket sending events to EventBridge. */
export async function seed(e: E2E, body: Record<string, unknown>): Promise<Seeded> {
  const res = await fetch(`${e.sandbox.endpoint}/_sandbox/seed`, { method: 'POST', body: JSON.stringify({ eventBridge: true, ...body }) });
  if (res.status !== 201) throw new Error(`seed failed: ${await res.text()}`);
  const { manifest } = (await res.json()) as { manifest: { bucket: string; key: string; lines: number } };
  return manifest;
}

export async function putManifest(e: E2E, bucket: string, key: string, text: string): Promise<void> {
  const s3 = sandboxS3Client(e.sandbox.endpoint);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text }));
  s3.destroy();
}

/** How many Batch Operations jobs the sandbox has, in any state. */
export async function batchJobCount(e: E2E): Promise<number> {
  const control = sandboxS3ControlClient(e.sandbox.endpoint);
  const out = await control.send(new ListJobsCommand({ AccountId: e.sandbox.context.accountId, MaxResults: 1000 }));
  control.destroy();
  return out.Jobs?.length ?? 0;
}

export async function faults(e: E2E, settings: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${e.sandbox.endpoint}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify(settings) });
  if (res.status !== 200) throw new Error(`faults: ${await res.text()}`);
}

export function forJob(notifications: Array<Record<string, unknown>>, jobId: string) {
  return notifications.filter((n) => n['JobId'] === jobId);
}

/** The summed sizes of the objects under `prefix` in the sandbox's `bucket`. */
export async function objectBytes(e: E2E, bucket: string, prefix: string): Promise<number> {
  const s3 = sandboxS3Client(e.sandbox.endpoint);
  let total = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }));
    for (const object of page.Contents ?? []) total += object.Size ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  s3.destroy();
  return total;
}
