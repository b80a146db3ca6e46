/**
 * CreateJob's XML body → a validated {@link JobSpec} (aws-facts §6.2). Only restore jobs
 * (`S3InitiateRestoreObject`) with a given manifest are emulated; other operations and
 * `ManifestGenerator` answer 501 with a pointer to docs/sandbox.md.
 */
import { badRequest, controlNotImplemented } from '../../batch/errors.js';
import type { GlacierJobTier, JobSpec, ManifestField, ManifestFormat, ReportScope } from '../../batch/model.js';
import { child, members, text } from '../../protocol/xml.js';
import { booleanOf, integerIn } from './common.js';

const MANIFEST_FORMATS: readonly ManifestFormat[] = ['S3BatchOperations_CSV_20180820', 'S3InventoryReport_CSV_20161130'];
const MANIFEST_FIELDS: readonly ManifestField[] = ['Ignore', 'Bucket', 'Key', 'VersionId'];
const TIERS: readonly GlacierJobTier[] = ['BULK', 'STANDARD'];
const SCOPES: readonly ReportScope[] = ['AllTasks', 'FailedTasksOnly'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const OBJECT_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)\/(.+)$/;
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)$/;
const MAX_PRIORITY = 2_147_483_647;

/** Parse `<CreateJobRequest>`; `fallbackToken` stands in when no ClientRequestToken was sent. */
export function parseCreateJob(root: Record<string, unknown>, fallbackToken: string): JobSpec {
  if (child(root, 'ManifestGenerator')) throw controlNotImplemented('CreateJob with a ManifestGenerator');
  const token = text(root, 'ClientRequestToken') ?? fallbackToken;
  if (token.length < 1 || token.length > 64) throw badRequest('ClientRequestToken must be 1 to 64 characters.');
  const description = text(root, 'Description');
  if (description !== undefined && (description.length < 1 || description.length > 256)) {
    throw badRequest('Description must be 1 to 256 characters.');
  }
  const roleArn = required(text(root, 'RoleArn'), 'RoleArn');
  if (!ROLE_ARN.test(roleArn)) throw badRequest(`RoleArn "${roleArn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>).`);
  return {
    operation: parseOperation(child(root, 'Operation')),
    manifest: parseManifest(child(root, 'Manifest')),
    report: parseReport(child(root, 'Report')),
    priority: integerIn(text(root, 'Priority'), 'Priority', 0, MAX_PRIORITY),
    roleArn,
    confirmationRequired: booleanOf(text(root, 'ConfirmationRequired'), 'ConfirmationRequired') ?? false,
    clientRequestToken: token,
    description,
    tags: parseTags(child(root, 'Tags')),
  };
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') throw badRequest(`${field} is required.`);
  return value;
}

function parseOperation(operation: Record<string, unknown> | undefined): JobSpec['operation'] {
  const names = Object.keys(operation ?? {});
  if (names.length !== 1) throw badRequest('Operation must name exactly one operation.');
  if (names[0] !== 'S3InitiateRestoreObject') {
    throw controlNotImplemented(`The Batch Operations operation ${names[0]} (only S3InitiateRestoreObject is emulated)`);
  }
  const restore = child(operation, 'S3InitiateRestoreObject') ?? {};
  const days = text(restore, 'ExpirationInDays');
  const tier = text(restore, 'GlacierJobTier');
  if (tier !== undefined && !TIERS.includes(tier as GlacierJobTier)) {
    throw badRequest(`GlacierJobTier must be BULK or STANDARD, got "${tier}" (Batch Operations has no EXPEDITED).`);
  }
  return {
    // Model minimum 0; a restore of GLACIER/DEEP_ARCHIVE with 0 days then fails per task.
    expirationInDays: days === undefined ? undefined : integerIn(days, 'ExpirationInDays', 0, MAX_PRIORITY),
    glacierJobTier: tier as GlacierJobTier | undefined,
  };
}

function parseManifest(manifest: Record<string, unknown> | undefined): JobSpec['manifest'] {
  if (!manifest) throw badRequest('Manifest is required (or a ManifestGenerator).');
  const spec = child(manifest, 'Spec');
  const format = required(text(spec, 'Format'), 'Manifest.Spec.Format') as ManifestFormat;
  if (!MANIFEST_FORMATS.includes(format)) throw badRequest(`Manifest.Spec.Format must be one of ${MANIFEST_FORMATS.join(', ')}, got "${format}".`);
  const fields = members<string>(child(spec, 'Fields'));
  if (fields.some((f) => !MANIFEST_FIELDS.includes(f as ManifestField))) {
    throw badRequest(`Manifest.Spec.Fields may hold only ${MANIFEST_FIELDS.join(', ')}.`);
  }
  if (format === 'S3BatchOperations_CSV_20180820' && (!fields.includes('Bucket') || !fields.includes('Key'))) {
    throw badRequest('Manifest.Spec.Fields must include Bucket and Key for a CSV manifest.');
  }
  const location = child(manifest, 'Location');
  const objectArn = required(text(location, 'ObjectArn'), 'Manifest.Location.ObjectArn');
  const arn = OBJECT_ARN.exec(objectArn);
  if (!arn || objectArn.length > 2000) throw badRequest(`Manifest.Location.ObjectArn "${objectArn}" is not an S3 object ARN (arn:aws:s3:::bucket/key).`);
  return {
    format,
    fields: fields.length > 0 ? (fields as ManifestField[]) : undefined,
    objectArn,
    bucket: arn[1]!,
    key: arn[2]!,
    etag: required(text(location, 'ETag'), 'Manifest.Location.ETag'),
    objectVersionId: text(location, 'ObjectVersionId') || undefined,
  };
}

function parseReport(report: Record<string, unknown> | undefined): JobSpec['report'] {
  if (!report) throw badRequest('Report is required (it may be <Report><Enabled>false</Enabled></Report>).');
  const enabled = booleanOf(text(report, 'Enabled'), 'Report.Enabled');
  if (enabled === undefined) throw badRequest('Report.Enabled is required.');
  const bucketArn = text(report, 'Bucket');
  const format = text(report, 'Format');
  const prefix = text(report, 'Prefix');
  const scope = text(report, 'ReportScope');
  if (enabled) {
    if (!bucketArn || !BUCKET_ARN.test(bucketArn)) throw badRequest(`Report.Bucket must be a bucket ARN (arn:aws:s3:::bucket), got "${bucketArn ?? ''}".`);
    if (format !== 'Report_CSV_20180820') throw badRequest('Report.Format must be Report_CSV_20180820 when the report is enabled.');
  }
  if (prefix !== undefined && prefix.length > 512) throw badRequest('Report.Prefix must be at most 512 characters.');
  if (scope !== undefined && !SCOPES.includes(scope as ReportScope)) throw badRequest(`Report.ReportScope must be AllTasks or FailedTasksOnly, got "${scope}".`);
  return {
    enabled,
    bucketArn,
    format: format as 'Report_CSV_20180820' | undefined,
    prefix,
    reportScope: scope as ReportScope | undefined,
  };
}

function parseTags(tags: Record<string, unknown> | undefined): JobSpec['tags'] {
  const list = members<Record<string, unknown>>(tags);
  if (list.length > 50) throw badRequest('At most 50 Tags are allowed.');
  return list.map((tag) => {
    const key = required(text(tag, 'Key'), 'Tags.Key');
    const value = text(tag, 'Value') ?? '';
    if (key.length > 128 || value.length > 256) throw badRequest('A tag key is at most 128 characters and a value at most 256.');
    return { key, value };
  });
}
