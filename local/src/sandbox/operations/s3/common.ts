import type { SandboxResponse } from '../../protocol/request.js';
import type { XmlNode } from '../../protocol/xml.js';
import { httpDate, xml } from '../../protocol/xml.js';
import type { Bucket, ObjectVersion } from '../../state/model.js';

export function xmlResponse(root: XmlNode, status = 200, headers: SandboxResponse['headers'] = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: xml(root) };
}

export function empty(status = 200, headers: SandboxResponse['headers'] = {}): SandboxResponse {
  return { status, headers };
}

/**
 * `x-amz-restore` exactly as S3 formats it (aws-facts §3.1):
 * `ongoing-request="true"`, or `ongoing-request="false", expiry-date="Fri, 21 Dec 2012 00:00:00 GMT"`.
 */
export function restoreHeader(version: ObjectVersion): string | undefined {
  const restore = version.restore;
  if (!restore) return undefined;
  if (restore.status === 'in-progress') return 'ongoing-request="true"';
  if (restore.expiresAt === undefined) return 'ongoing-request="false"';
  return `ongoing-request="false", expiry-date="${httpDate(restore.expiresAt)}"`;
}

/** Headers HeadObject and GetObject share. */
export function objectHeaders(bucket: Bucket, version: ObjectVersion, includeArchiveStatus: boolean): SandboxResponse['headers'] {
  const headers: Record<string, string | number | undefined> = {
    etag: `"${version.etag}"`,
    'last-modified': httpDate(version.lastModified),
    'content-length': version.size,
    'content-type': version.contentType,
    'accept-ranges': 'bytes',
    'x-amz-storage-class': version.storageClass === 'STANDARD' ? undefined : version.storageClass,
    'x-amz-restore': restoreHeader(version),
    'x-amz-version-id': bucket.versioning ? version.versionId : undefined,
  };
  if (includeArchiveStatus && version.archiveStatus) headers['x-amz-archive-status'] = version.archiveStatus;
  for (const [name, value] of Object.entries(version.metadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}

/** S3's `encoding-type=url`: keys URL-encoded in listings, `/` kept (as the AWS CLI expects). */
export function listingKey(key: string, urlEncode: boolean): string {
  if (!urlEncode) return key;
  return encodeURIComponent(key).replace(/%2F/g, '/');
}
