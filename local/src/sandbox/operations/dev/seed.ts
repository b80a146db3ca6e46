/**
 * Dev API: seed a bucket with archived objects and write an S3 Batch Operations CSV manifest
 * for them. Keys include the awkward ones that break naive tools: spaces, `+`, `%`, unicode,
 * very long keys, and keys that look like URL escapes.
 */
import type { SandboxContext } from '../../context.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { Rng } from '../../random.js';
import type { ArchiveAccessTier, StorageClass } from '../../state/model.js';
import { writeObject } from '../../state/objects.js';
import { DevApiError, json, jsonBody, optionalNumber, optionalString, requiredString } from './common.js';

/** A class to seed: a storage class, or Intelligent-Tiering in one of its archive tiers. */
export type SeedClass = StorageClass | `INTELLIGENT_TIERING:${ArchiveAccessTier}`;

const SEEDABLE = new Set<string>(['GLACIER', 'DEEP_ARCHIVE', 'INTELLIGENT_TIERING:ARCHIVE_ACCESS', 'INTELLIGENT_TIERING:DEEP_ARCHIVE_ACCESS', 'STANDARD', 'STANDARD_IA', 'GLACIER_IR']);

const AWKWARD = [
  (i: number) => `awkward/with space ${i}.bin`,
  (i: number) => `awkward/plus+sign+${i}.bin`,
  (i: number) => `awkward/percent%20looks-escaped-${i}.bin`,
  (i: number) => `awkward/unicode-é-ü-日本-${i}.bin`,
  (i: number) => `awkward/a%2Fb-literal-${i}`,
  (i: number) => `awkward/emoji-🎞️-${i}.mov`,
  (i: number) => `awkward/comma,quote"-${i}.csv`,
  (i: number) => `awkward/${'long-'.repeat(190)}${i}`,
];

/** BOps CSV manifests need URL-encoded keys (aws-facts §6.3); `/` is kept. */
export function manifestKey(key: string): string {
  return encodeURIComponent(key).replace(/%2F/g, '/');
}

export interface SeedSpec {
  bucket: string;
  count: number;
  prefix: string;
  classes: Record<string, number>;
  notArchived: number;
  missing: number;
  awkwardShare: number;
  manifestBucket: string;
  manifestKey: string;
  seed: number;
  versioned: boolean;
  eventBridge: boolean;
}

export function parseSeedSpec(ctx: SandboxContext, body: Record<string, unknown>): SeedSpec {
  const bucket = requiredString(body, 'bucket');
  const classes = (body['classes'] ?? { GLACIER: 0.6, DEEP_ARCHIVE: 0.4 }) as Record<string, unknown>;
  if (typeof classes !== 'object' || Array.isArray(classes)) throw new DevApiError(400, 'InvalidParameter', 'classes must be an object of weights', 'classes');
  for (const [name, weight] of Object.entries(classes)) {
    if (!SEEDABLE.has(name)) throw new DevApiError(400, 'InvalidParameter', `classes: unknown class ${name}`, `classes.${name}`);
    if (typeof weight !== 'number' || weight < 0) throw new DevApiError(400, 'InvalidParameter', `classes.${name} must be a weight >= 0`, `classes.${name}`);
  }
  return {
    bucket,
    count: optionalNumber(body, 'count', { min: 0, max: 5_000_000 }) ?? 100,
    prefix: (body['prefix'] as string | undefined) ?? 'data/',
    classes: classes as Record<string, number>,
    notArchived: optionalNumber(body, 'notArchived', { min: 0, max: 1_000_000 }) ?? 0,
    missing: optionalNumber(body, 'missing', { min: 0, max: 1_000_000 }) ?? 0,
    awkwardShare: optionalNumber(body, 'awkwardShare', { min: 0, max: 1 }) ?? 0.05,
    manifestBucket: optionalString(body, 'manifestBucket') ?? bucket,
    manifestKey: optionalString(body, 'manifestKey') ?? 'manifests/seed.csv',
    seed: optionalNumber(body, 'seed', { min: 0 }) ?? ctx.seed,
    versioned: body['versioned'] === true,
    eventBridge: body['eventBridge'] === true,
  };
}

export function seedBucket(ctx: SandboxContext, spec: SeedSpec): Record<string, unknown> {
  const now = ctx.clock.now();
  const bucket = ctx.s3.buckets.get(spec.bucket) ?? ctx.s3.createBucket(spec.bucket, ctx.region, ctx.accountId, now);
  if (spec.versioned) bucket.versioning = 'Enabled';
  if (spec.eventBridge) bucket.notification = { ...bucket.notification, EventBridgeEnabled: true };
  const manifestBucket = ctx.s3.buckets.get(spec.manifestBucket) ?? ctx.s3.createBucket(spec.manifestBucket, ctx.region, ctx.accountId, now);
  const rng = new Rng(spec.seed);
  const weights = Object.entries(spec.classes).filter(([, w]) => w > 0);
  const totalWeight = weights.reduce((sum, [, w]) => sum + w, 0);
  const pickClass = (): string => {
    let r = rng.next() * totalWeight;
    for (const [name, w] of weights) if ((r -= w) < 0) return name;
    return weights[weights.length - 1]![0];
  };
  const lines: string[] = [];
  const byClass: Record<string, number> = {};
  let bytes = 0;
  const put = (key: string, cls: string) => {
    const [storageClass, tier] = cls.split(':') as [StorageClass, ArchiveAccessTier | undefined];
    const body = Buffer.alloc(rng.int(16, 4096), key.length % 251);
    const v = writeObject(ctx.s3, bucket, { key, body, storageClass, archiveStatus: tier }, now, ctx.seed);
    byClass[cls] = (byClass[cls] ?? 0) + 1;
    bytes += v.size;
    lines.push(spec.versioned ? `${bucket.name},${manifestKey(key)},${v.versionId}` : `${bucket.name},${manifestKey(key)}`);
  };
  if (weights.length === 0 && spec.count > 0) throw new DevApiError(400, 'InvalidParameter', 'classes needs at least one positive weight', 'classes');
  for (let i = 0; i < spec.count; i++) {
    const awkward = rng.chance(spec.awkwardShare);
    const key = awkward ? `${spec.prefix}${AWKWARD[i % AWKWARD.length]!(i)}` : `${spec.prefix}object-${String(i).padStart(8, '0')}.bin`;
    put(key, pickClass());
  }
  for (let i = 0; i < spec.notArchived; i++) put(`${spec.prefix}not-archived/standard-${i}.txt`, 'STANDARD');
  for (let i = 0; i < spec.missing; i++) {
    const key = `${spec.prefix}missing/never-written-${i}.bin`;
    lines.push(spec.versioned ? `${bucket.name},${manifestKey(key)},` : `${bucket.name},${manifestKey(key)}`);
  }
  const manifest = writeObject(ctx.s3, manifestBucket, { key: spec.manifestKey, body: Buffer.from(lines.join('\n') + '\n'), contentType: 'text/csv' }, now, ctx.seed);
  ctx.changed(true);
  return {
    bucket: bucket.name,
    objects: spec.count + spec.notArchived,
    bytes,
    byClass,
    missing: spec.missing,
    manifest: {
      bucket: manifestBucket.name,
      key: spec.manifestKey,
      etag: manifest.etag,
      versionId: manifestBucket.versioning ? manifest.versionId : undefined,
      lines: lines.length,
      arn: `arn:aws:s3:::${manifestBucket.name}/${spec.manifestKey}`,
    },
  };
}

/** `POST /_sandbox/seed` */
export function seed(ctx: SandboxContext, req: SandboxRequest): SandboxResponse {
  return json(seedBucket(ctx, parseSeedSpec(ctx, jsonBody(req))), 201);
}
