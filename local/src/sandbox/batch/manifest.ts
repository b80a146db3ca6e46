/**
 * Reading a job's manifest while it is Preparing (aws-facts §6.3): a CSV of `bucket,key[,versionId]`
 * rows with URL-encoded keys, or an S3 Inventory report (its `manifest.json`, pointing at
 * gzipped CSV files). Anything wrong fails the job with a {@link ManifestError}; the failure codes
 * are ours (AWS does not document them), see docs/sandbox.md.
 */
import { gunzipSync } from 'node:zlib';
import type { ObjectVersion } from '../state/model.js';
import type { S3State } from '../state/store.js';
import { decodeManifestKey, parseCsv } from './csv.js';
import type { JobSpec, ManifestEntry, ManifestField } from './model.js';

export class ManifestError extends Error {
  constructor(
    readonly failureCode: string,
    readonly failureReason: string,
  ) {
    super(failureReason);
    this.name = 'ManifestError';
  }
}

/** Read the manifest object named by the job, checking its ETag, and return its rows. */
export function readManifest(s3: S3State, manifest: JobSpec['manifest']): ManifestEntry[] {
  const body = readObject(s3, manifest.bucket, manifest.key, manifest.objectVersionId, manifest.objectArn);
  const version = body.version;
  if (unquote(manifest.etag) !== version.etag) {
    throw new ManifestError(
      'ManifestETagMismatch',
      `The ETag ${manifest.etag} of the manifest does not match the object ${manifest.objectArn} (ETag "${version.etag}").`,
    );
  }
  const text = body.data.toString('utf8');
  if (manifest.format === 'S3InventoryReport_CSV_20161130') return readInventory(s3, text);
  return rowsToEntries(csvRows(text, manifest.objectArn), manifest.fields ?? ['Bucket', 'Key'], manifest.objectArn);
}

function readObject(s3: S3State, bucketName: string, key: string, versionId: string | undefined, arn: string): { version: ObjectVersion; data: Buffer } {
  const bucket = s3.buckets.get(bucketName);
  const version = bucket ? s3.findVersion(bucket, key, versionId) : undefined;
  if (!version || version.isDeleteMarker) {
    throw new ManifestError('ManifestNotFound', `Reading the manifest failed: ${arn} does not exist.`);
  }
  return { version, data: version.body };
}

function unquote(etag: string): string {
  return etag.trim().replace(/^"(.*)"$/, '$1');
}

function csvRows(text: string, where: string): string[][] {
  try {
    return parseCsv(text);
  } catch (error) {
    throw new ManifestError('ManifestParseError', `${where}: ${(error as Error).message}`);
  }
}

/** Map CSV rows to tasks by the job's `Fields` (aws-facts §6.2). */
function rowsToEntries(rows: string[][], fields: readonly string[], where: string): ManifestEntry[] {
  const bucketAt = fields.indexOf('Bucket');
  const keyAt = fields.indexOf('Key');
  const versionAt = fields.indexOf('VersionId');
  const entries: ManifestEntry[] = [];
  let withVersion = 0;
  rows.forEach((row, i) => {
    if (row.length < fields.length) {
      throw new ManifestError('ManifestParseError', `${where} line ${i + 1}: expected ${fields.length} fields, found ${row.length}.`);
    }
    const entry: ManifestEntry = { bucket: row[bucketAt]!, key: decodeKey(row[keyAt]!, where, i + 1) };
    const versionId = versionAt >= 0 ? row[versionAt] : undefined;
    if (versionId) {
      entry.versionId = versionId;
      withVersion++;
    }
    entries.push(entry);
  });
  if (versionAt >= 0 && withVersion > 0 && withVersion < entries.length) {
    // "Either every row has a version id or none does" (UG batch-ops-create-job).
    throw new ManifestError('ManifestParseError', `${where}: some rows have a version id and some do not.`);
  }
  return entries;
}

function decodeKey(encoded: string, where: string, line: number): string {
  try {
    return decodeManifestKey(encoded);
  } catch {
    throw new ManifestError('ManifestParseError', `${where} line ${line}: the key ${encoded} is not validly URL-encoded.`);
  }
}

/**
 * An S3 Inventory `manifest.json`: `{ destinationBucket: <ARN>, fileFormat: 'CSV', fileSchema:
 * 'Bucket, Key, VersionId, …', files: [{ key, size, MD5checksum }] }`. Each file is a gzipped CSV
 * in the destination bucket. Delete-marker rows (`IsDeleteMarker` true) are skipped (assumed).
 */
function readInventory(s3: S3State, text: string): ManifestEntry[] {
  const inventory = parseInventoryManifest(text);
  const columns = inventory.fileSchema.split(',').map((c) => c.trim());
  if (!columns.includes('Bucket') || !columns.includes('Key')) {
    throw new ManifestError('ManifestParseError', `The inventory fileSchema "${inventory.fileSchema}" has no Bucket and Key columns.`);
  }
  const fields = columns.map((c) => (c === 'Bucket' || c === 'Key' || c === 'VersionId' ? c : 'Ignore')) as ManifestField[];
  const deleteMarkerAt = columns.indexOf('IsDeleteMarker');
  const destination = /^arn:[^:]+:s3:::([^/]+)$/.exec(inventory.destinationBucket)?.[1] ?? inventory.destinationBucket;
  const entries: ManifestEntry[] = [];
  for (const file of inventory.files) {
    const arn = `arn:aws:s3:::${destination}/${file.key}`;
    const { data } = readObject(s3, destination, file.key, undefined, arn);
    let csv: string;
    try {
      csv = gunzipSync(data).toString('utf8');
    } catch {
      throw new ManifestError('ManifestParseError', `${arn} is not a gzip file.`);
    }
    const rows = csvRows(csv, arn).filter((row) => deleteMarkerAt < 0 || row[deleteMarkerAt] !== 'true');
    entries.push(...rowsToEntries(rows, fields, arn));
  }
  return entries;
}

interface InventoryManifest {
  destinationBucket: string;
  fileFormat: string;
  fileSchema: string;
  files: Array<{ key: string }>;
}

function parseInventoryManifest(text: string): InventoryManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ManifestError('ManifestParseError', 'The inventory manifest.json is not JSON.');
  }
  const m = parsed as Partial<Record<keyof InventoryManifest, unknown>>;
  const files = Array.isArray(m.files) ? m.files : undefined;
  if (
    typeof m.destinationBucket !== 'string' ||
    typeof m.fileSchema !== 'string' ||
    typeof m.fileFormat !== 'string' ||
    !files ||
    !files.every((f) => typeof (f as { key?: unknown } | null)?.key === 'string')
  ) {
    throw new ManifestError('ManifestParseError', 'The inventory manifest.json lacks destinationBucket, fileFormat, fileSchema or files[].key.');
  }
  if (m.fileFormat !== 'CSV') {
    throw new ManifestError('ManifestFormatNotSupported', `Inventory fileFormat ${m.fileFormat} is not supported by the sandbox (CSV only).`);
  }
  return { destinationBucket: m.destinationBucket, fileFormat: m.fileFormat, fileSchema: m.fileSchema, files: files as Array<{ key: string }> };
}
