/** Bucket operations: CreateBucket, HeadBucket, DeleteBucket, ListBuckets, GetBucketLocation, versioning. */
import type { SandboxContext } from '../../context.js';
import { S3Error } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { S3_XMLNS, el, isoTime, parseXml, text } from '../../protocol/xml.js';
import { empty, xmlResponse } from './common.js';

export function createBucket(ctx: SandboxContext, req: SandboxRequest, name: string): SandboxResponse {
  let region = req.region;
  if (req.body.length > 0) {
    const doc = parseXmlOrThrow(req.body);
    const constraint = text(doc['CreateBucketConfiguration'], 'LocationConstraint');
    if (constraint) region = constraint;
  }
  ctx.s3.createBucket(name, region, ctx.accountId, ctx.clock.now());
  ctx.changed(true);
  return empty(200, { location: `/${name}` });
}

export function headBucket(ctx: SandboxContext, _req: SandboxRequest, name: string): SandboxResponse {
  const bucket = ctx.s3.bucket(name);
  return empty(200, { 'x-amz-bucket-region': bucket.region });
}

export function deleteBucket(ctx: SandboxContext, _req: SandboxRequest, name: string): SandboxResponse {
  ctx.s3.deleteBucket(name);
  ctx.changed(true);
  return empty(204);
}

export function listBuckets(ctx: SandboxContext): SandboxResponse {
  const buckets = [...ctx.s3.buckets.values()]
    .filter((b) => b.ownerAccountId === ctx.accountId)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return xmlResponse(
    el(
      'ListAllMyBucketsResult',
      [
        el('Owner', [el('ID', ctx.accountId), el('DisplayName', 'sandbox')]),
        el(
          'Buckets',
          buckets.map((b) => el('Bucket', [el('Name', b.name), el('CreationDate', isoTime(b.createdAt)), el('BucketRegion', b.region)])),
        ),
      ],
      { xmlns: S3_XMLNS },
    ),
  );
}

export function getBucketLocation(ctx: SandboxContext, _req: SandboxRequest, name: string): SandboxResponse {
  const bucket = ctx.s3.bucket(name);
  // us-east-1 is reported as an empty LocationConstraint.
  return xmlResponse(el('LocationConstraint', bucket.region === 'us-east-1' ? '' : bucket.region, { xmlns: S3_XMLNS }));
}

export function putBucketVersioning(ctx: SandboxContext, req: SandboxRequest, name: string): SandboxResponse {
  const bucket = ctx.s3.bucket(name);
  const status = text(parseXmlOrThrow(req.body)['VersioningConfiguration'], 'Status');
  if (status !== 'Enabled' && status !== 'Suspended') {
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  bucket.versioning = status;
  ctx.changed();
  return empty(200);
}

export function getBucketVersioning(ctx: SandboxContext, _req: SandboxRequest, name: string): SandboxResponse {
  const bucket = ctx.s3.bucket(name);
  return xmlResponse(el('VersioningConfiguration', bucket.versioning ? [el('Status', bucket.versioning)] : [], { xmlns: S3_XMLNS }));
}

export function parseXmlOrThrow(body: Buffer): Record<string, unknown> {
  try {
    return parseXml(body.toString('utf8'));
  } catch {
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
}
