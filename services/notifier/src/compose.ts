/**
 * The composition root: configuration → AWS clients → adapters → the use case. Called once per
 * Lambda container, on the first invocation (never at import time).
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { clientOptions } from '@s3-bulk-restore/shared';
import { DynamoNotificationLedger } from './adapters/aws/dynamo-notification-ledger.js';
import { SnsSqsNotificationSink } from './adapters/aws/sns-sqs-sink.js';
import { createOnJobEvent } from './app/on-job-event.js';
import type { OnJobEvent } from './app/on-job-event.js';
import type { NotifierConfig } from './config.js';

/** What the handlers need. */
export interface NotifierApp {
  onJobEvent: OnJobEvent;
}

/** Wire the AWS adapters. `now` and `newId` are injectable for tests. */
export function compose(config: NotifierConfig, options: { now?: () => Date; newId?: () => string } = {}): NotifierApp {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(clientOptions('dynamodb', config.aws)));
  const ledger = new DynamoNotificationLedger({
    client: dynamo,
    tableName: config.tableName,
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
  });
  const sink = new SnsSqsNotificationSink({
    sns: new SNSClient(clientOptions('sns', config.aws)),
    sqs: new SQSClient(clientOptions('sqs', config.aws)),
    topicArn: config.topicArn,
    queueUrl: config.queueUrl,
  });
  return { onJobEvent: createOnJobEvent({ ledger, sink }) };
}
