import type { SandboxContext } from '../../context.js';
import { S3Error } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { child, text } from '../../protocol/xml.js';
import type { RestoreTier } from '../../state/model.js';
import type { RestoreRequest } from '../../restore/engine.js';
import { parseXmlOrThrow } from './buckets.js';
import { empty } from './common.js';

const TIERS: readonly RestoreTier[] = ['Expedited', 'Standard', 'Bulk'];

/**
 * RestoreObject (`POST /{Bucket}/{Key}?restore[&versionId=]`): 202 initiated, 200 when a
 * restored copy's expiry is moved, 409 RestoreAlreadyInProgress, 403 InvalidObjectState,
 * 404 NoSuchKey; injected 503s per the fault settings.
 */
export function restoreObject(ctx: SandboxContext, req: SandboxRequest, bucketName: string, key: string): SandboxResponse {
  const bucket = ctx.s3.bucket(bucketName);
  const request = parseRestoreRequest(req.body);
  injectFaults(ctx, request);
  const version = ctx.s3.getVersion(bucket, key, req.query.get('versionId') ?? undefined);
  const outcome = ctx.restores.request(bucket, version, request, {
    requestedBy: 'api',
    requestId: req.requestId,
    hostId: req.hostId,
    requester: req.accessKeyId ? ctx.accountId : 'anonymous',
    sourceIp: req.sourceIp,
  });
  return empty(outcome.status);
}

export function parseRestoreRequest(body: Buffer): RestoreRequest {
  if (body.length === 0) return { tier: 'Standard' };
  const doc = parseXmlOrThrow(body);
  const root = child(doc, 'RestoreRequest') ?? {};
  if (text(root, 'Type') !== undefined || child(root, 'SelectParameters') || child(root, 'OutputLocation')) {
    // S3 Select restores are closed to new customers; the sandbox does not emulate them.
    throw new S3Error('NotImplemented', 'SELECT restore requests are not implemented by the sandbox (see docs/sandbox.md).');
  }
  const daysText = text(root, 'Days');
  const days = daysText === undefined ? undefined : Number(daysText);
  if (daysText !== undefined && !Number.isFinite(days)) {
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  const tierText = text(child(root, 'GlacierJobParameters'), 'Tier') ?? text(root, 'Tier') ?? 'Standard';
  if (!TIERS.includes(tierText as RestoreTier)) {
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema');
  }
  return { days, tier: tierText as RestoreTier };
}

function injectFaults(ctx: SandboxContext, request: RestoreRequest): void {
  const { slowDownRate, expeditedUnavailableRate, maxRestoreTps } = ctx.faults.restore;
  if (!ctx.restoreThrottle.allow(maxRestoreTps)) {
    // AWS documents ThrottlingException above 1,000 restore requests per second; status unverified.
    throw new S3Error('ThrottlingException', 'Please reduce your request rate.', {}, 503);
  }
  if (ctx.rng.chance(slowDownRate)) throw new S3Error('SlowDown', 'Please reduce your request rate.');
  if (request.tier === 'Expedited' && ctx.rng.chance(expeditedUnavailableRate)) {
    throw new S3Error(
      'GlacierExpeditedRetrievalNotAvailable',
      'Glacier expedited retrievals are currently not available, please try again later',
    );
  }
}
