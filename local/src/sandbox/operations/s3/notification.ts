/**
 * Put/GetBucketNotificationConfiguration. A PUT replaces the whole configuration (aws-facts §5.6);
 * saving queue destinations sends each one the `s3:TestEvent`, and a destination that cannot be
 * reached fails the whole PUT, unless `x-amz-skip-destination-validation: true`.
 */
import type { SandboxContext } from '../../context.js';
import { S3Error, notImplemented } from '../../protocol/errors.js';
import type { SandboxRequest, SandboxResponse } from '../../protocol/request.js';
import { header } from '../../protocol/request.js';
import { S3_XMLNS, asList, child, el, text } from '../../protocol/xml.js';
import type { FilterRule, NotificationConfiguration, QueueConfiguration } from '../../state/model.js';
import { parseXmlOrThrow } from './buckets.js';
import { empty, xmlResponse } from './common.js';

/** Event types a queue configuration may name (restore and the common object events). */
const KNOWN_EVENTS = new Set([
  's3:ObjectRestore:*',
  's3:ObjectRestore:Post',
  's3:ObjectRestore:Completed',
  's3:ObjectRestore:Delete',
  's3:ObjectCreated:*',
  's3:ObjectCreated:Put',
  's3:ObjectRemoved:*',
  's3:ObjectRemoved:Delete',
  's3:ObjectRemoved:DeleteMarkerCreated',
  's3:TestEvent',
]);

const INVALID = (message: string) => new S3Error('InvalidArgument', message, { ArgumentName: 'NotificationConfiguration' });

export function parseNotificationConfiguration(body: Buffer): NotificationConfiguration {
  const root = child(parseXmlOrThrow(body), 'NotificationConfiguration') ?? {};
  if (root['TopicConfiguration'] !== undefined) throw notImplemented('SNS topic notification destinations');
  if (root['CloudFunctionConfiguration'] !== undefined) throw notImplemented('Lambda notification destinations');
  const queues = asList<Record<string, unknown>>(root['QueueConfiguration']).map((q, index): QueueConfiguration => {
    const queueArn = text(q, 'Queue');
    if (!queueArn || !/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/.test(queueArn)) {
      throw INVALID(`Invalid queue ARN in QueueConfiguration ${index + 1}`);
    }
    const events = asList(q['Event']).map(String);
    if (events.length === 0) throw INVALID('A QueueConfiguration needs at least one Event');
    for (const e of events) if (!KNOWN_EVENTS.has(e)) throw INVALID(`The event is not supported for notifications: ${e}`);
    const rules = asList<Record<string, unknown>>(child(child(q, 'Filter'), 'S3Key')?.['FilterRule']).map((r): FilterRule => {
      const name = (text(r, 'Name') ?? '').toLowerCase();
      if (name !== 'prefix' && name !== 'suffix') throw INVALID('Filter rule name must be either prefix or suffix');
      return { Name: name, Value: text(r, 'Value') ?? '' };
    });
    return { Id: text(q, 'Id') ?? `config-${index + 1}`, QueueArn: queueArn, Events: events, FilterRules: rules };
  });
  rejectOverlaps(queues);
  return { QueueConfigurations: queues, EventBridgeEnabled: root['EventBridgeConfiguration'] !== undefined };
}

/** Configurations for the same event type may not have overlapping prefix/suffix filters. */
function rejectOverlaps(queues: QueueConfiguration[]): void {
  const expand = (e: string) => (e.endsWith(':*') ? e.slice(0, -1) : e);
  for (let i = 0; i < queues.length; i++) {
    for (let j = i + 1; j < queues.length; j++) {
      const a = queues[i]!;
      const b = queues[j]!;
      const sharesEvent = a.Events.some((ea) => b.Events.some((eb) => expand(ea).startsWith(expand(eb)) || expand(eb).startsWith(expand(ea))));
      if (sharesEvent && filtersOverlap(a.FilterRules, b.FilterRules)) {
        throw INVALID('Configurations overlap. Configurations on the same bucket cannot share a common event type.');
      }
    }
  }
}

function filtersOverlap(a: FilterRule[], b: FilterRule[]): boolean {
  const get = (rules: FilterRule[], name: 'prefix' | 'suffix') => rules.find((r) => r.Name === name)?.Value ?? '';
  const prefixesOverlap = (x: string, y: string) => x.startsWith(y) || y.startsWith(x);
  const suffixesOverlap = (x: string, y: string) => x.endsWith(y) || y.endsWith(x);
  return prefixesOverlap(get(a, 'prefix'), get(b, 'prefix')) && suffixesOverlap(get(a, 'suffix'), get(b, 'suffix'));
}

export async function putBucketNotification(ctx: SandboxContext, req: SandboxRequest, bucketName: string): Promise<SandboxResponse> {
  const bucket = ctx.s3.bucket(bucketName);
  const configuration = parseNotificationConfiguration(req.body);
  if (header(req, 'x-amz-skip-destination-validation') !== 'true') {
    const failures = await ctx.events.validateQueues(bucket, configuration.QueueConfigurations, req.requestId, req.hostId);
    if (failures.length > 0) {
      throw new S3Error('InvalidArgument', 'Unable to validate the following destination configurations', {
        ArgumentName1: failures[0]!,
        ArgumentValue1: 'Permissions on the destination queue do not allow S3 to publish notifications from this bucket',
      });
    }
  }
  bucket.notification = configuration;
  ctx.changed();
  return empty(200);
}

export function getBucketNotification(ctx: SandboxContext, _req: SandboxRequest, bucketName: string): SandboxResponse {
  const { notification } = ctx.s3.bucket(bucketName);
  return xmlResponse(
    el(
      'NotificationConfiguration',
      [
        ...notification.QueueConfigurations.map((q) =>
          el('QueueConfiguration', [
            el('Id', q.Id),
            el('Queue', q.QueueArn),
            ...q.Events.map((e) => el('Event', e)),
            q.FilterRules.length > 0
              ? el('Filter', [el('S3Key', q.FilterRules.map((r) => el('FilterRule', [el('Name', r.Name), el('Value', r.Value)])))])
              : el('Filter', undefined),
          ]),
        ),
        notification.EventBridgeEnabled ? el('EventBridgeConfiguration', []) : el('EventBridgeConfiguration', undefined),
      ],
      { xmlns: S3_XMLNS },
    ),
  );
}
