/**
 * {@link NotificationLedger} on DynamoDB (NotifierTable). Every claim is a conditional write:
 * a fresh claim is one `TransactWriteItems` that moves the job's claim guard (on the SETTINGS
 * item) and creates the claim item, so "no threshold ≥ t and no terminal claimed" and "this
 * claim exists" commit together. When a condition fails, the adapter reads the state, asks
 * {@link decideClaim}, and acts on the answer (resume a pending claim whose lease has run out,
 * or report sent / superseded / in-progress).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, PutCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Notification } from '@s3-bulk-restore/shared';
import { DEFAULT_CLAIM_LEASE_MS, decideClaim } from '../../app/claim-rules.js';
import type { ClaimGuard, ClaimRecord } from '../../app/claim-rules.js';
import { settingsNotFound } from '../../app/errors.js';
import type { Claim, ClaimResult, ClaimTarget, JobSettings, NotificationLedger } from '../../app/ports.js';
import { claimItem, claimKey, claimRecordOf, guardOf, settingsItem, settingsKey, settingsOf } from './ledger-items.js';
import { isConditionFailure, ledgerUnavailable } from './dynamo-errors.js';

export interface DynamoNotificationLedgerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  /** New claim tokens. */
  newId: () => string;
  /** How long a pending claim belongs to its holder (default {@link DEFAULT_CLAIM_LEASE_MS}). */
  leaseMs?: number;
}

/** Rounds of read → decide → conditional write before giving up with `in-progress` (lost races). */
const MAX_ROUNDS = 3;

export class DynamoNotificationLedger implements NotificationLedger {
  private readonly table: string;
  private readonly leaseMs: number;

  constructor(private readonly options: DynamoNotificationLedgerOptions) {
    this.table = options.tableName;
    this.leaseMs = options.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  }

  async saveSettings(settings: JobSettings): Promise<void> {
    // The first JobCreated wins; a redelivery must not reset the claim guard kept on this item.
    const put = new PutCommand({ TableName: this.table, Item: settingsItem(settings), ConditionExpression: 'attribute_not_exists(pk)' });
    await this.run('saveSettings', (c) => c.send(put), { ignoreConditionFailure: true });
  }

  async settings(jobId: string): Promise<JobSettings | undefined> {
    const get = new GetCommand({ TableName: this.table, Key: settingsKey(jobId), ConsistentRead: true });
    const out = await this.run('settings', (c) => c.send(get));
    return out?.Item ? settingsOf(out.Item) : undefined;
  }

  async lastSentThreshold(jobId: string): Promise<number> {
    const get = new GetCommand({ TableName: this.table, Key: settingsKey(jobId), ConsistentRead: true, ProjectionExpression: 'highestThresholdSent' });
    const out = await this.run('lastSentThreshold', (c) => c.send(get));
    return Number(out?.Item?.['highestThresholdSent'] ?? 0);
  }

  claimThreshold(input: { jobId: string; threshold: number; notification: Notification }): Promise<ClaimResult> {
    return this.claim(input.jobId, { kind: 'threshold', threshold: input.threshold }, input.notification);
  }

  claimTerminal(input: { jobId: string; notification: Notification }): Promise<ClaimResult> {
    return this.claim(input.jobId, { kind: 'terminal' }, input.notification);
  }

  async markSent(claim: Claim): Promise<void> {
    const mark = new UpdateCommand({
      TableName: this.table,
      Key: claimKey(claim.jobId, claim.target),
      UpdateExpression: 'SET claimStatus = :sent, sentAt = :now',
      ConditionExpression: 'claimToken = :token AND claimStatus = :pending',
      ExpressionAttributeValues: { ':sent': 'sent', ':pending': 'pending', ':now': this.options.now().toISOString(), ':token': claim.token },
    });
    const marked = await this.run('markSent', (c) => c.send(mark), { ignoreConditionFailure: true });
    // Not ours any more (taken over after our lease ran out): the new holder records it.
    if (marked === undefined || claim.target.kind !== 'threshold') return;
    const hint = new UpdateCommand({
      TableName: this.table,
      Key: settingsKey(claim.jobId),
      UpdateExpression: 'SET highestThresholdSent = :t',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(highestThresholdSent) OR highestThresholdSent < :t)',
      ExpressionAttributeValues: { ':t': claim.target.threshold },
    });
    await this.run('markSent', (c) => c.send(hint), { ignoreConditionFailure: true });
  }

  async release(claim: Claim): Promise<void> {
    const release = new UpdateCommand({
      TableName: this.table,
      Key: claimKey(claim.jobId, claim.target),
      UpdateExpression: 'SET leaseUntil = :none',
      ConditionExpression: 'claimToken = :token AND claimStatus = :pending',
      ExpressionAttributeValues: { ':none': 0, ':token': claim.token, ':pending': 'pending' },
    });
    await this.run('release', (c) => c.send(release), { ignoreConditionFailure: true });
  }

  /** Optimistic first (most claims are fresh: the use case asks only for thresholds not yet sent), then read → decide → act. */
  private async claim(jobId: string, target: ClaimTarget, notification: Notification): Promise<ClaimResult> {
    let attempt = (): Promise<Claim | undefined> => this.tryFresh(jobId, target, notification);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const claim = await attempt();
      if (claim) return { outcome: 'claimed', claim };
      const { guard, record } = await this.readState(jobId, target);
      const decision = decideClaim({ target, guard, ...(record ? { record } : {}), now: this.options.now() });
      if (decision === 'fresh') attempt = () => this.tryFresh(jobId, target, notification);
      else if (decision === 'resume' && record) attempt = () => this.tryResume(jobId, target, record);
      else if (decision !== 'resume') return { outcome: decision };
    }
    // Lost the race every round (other deliveries kept changing the claim): let this event be retried.
    return { outcome: 'in-progress' };
  }

  private async tryFresh(jobId: string, target: ClaimTarget, notification: Notification): Promise<Claim | undefined> {
    const now = this.options.now();
    const token = this.options.newId();
    const record: ClaimRecord = { status: 'pending', token, leaseUntil: now.getTime() + this.leaseMs, attempt: 1, notification };
    const guard =
      target.kind === 'threshold'
        ? {
            UpdateExpression: 'SET highestThresholdClaimed = :t',
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(highestThresholdClaimed) OR highestThresholdClaimed < :t) AND attribute_not_exists(terminalClaimedAt)',
            ExpressionAttributeValues: { ':t': target.threshold },
          }
        : {
            UpdateExpression: 'SET terminalClaimedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(terminalClaimedAt)',
            ExpressionAttributeValues: { ':now': now.toISOString() },
          };
    const write = new TransactWriteCommand({
      TransactItems: [
        { Update: { TableName: this.table, Key: settingsKey(jobId), ...guard } },
        { Put: { TableName: this.table, Item: claimItem(jobId, target, { ...record, claimedAt: now.toISOString() }), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    });
    const written = await this.run('claim', (c) => c.send(write), { ignoreConditionFailure: true });
    return written ? { jobId, target, token, notification, attempt: 1 } : undefined;
  }

  /** Take over a pending claim whose lease is over; for a threshold, only while it is still the highest claimed. */
  private async tryResume(jobId: string, target: ClaimTarget, record: ClaimRecord): Promise<Claim | undefined> {
    const now = this.options.now();
    const token = this.options.newId();
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = [
      {
        Update: {
          TableName: this.table,
          Key: claimKey(jobId, target),
          UpdateExpression: 'SET claimToken = :new, leaseUntil = :until, attempt = :attempt',
          ConditionExpression: 'claimToken = :old AND claimStatus = :pending AND leaseUntil <= :now',
          ExpressionAttributeValues: {
            ':new': token,
            ':old': record.token,
            ':until': now.getTime() + this.leaseMs,
            ':attempt': record.attempt + 1,
            ':pending': 'pending',
            ':now': now.getTime(),
          },
        },
      },
    ];
    if (target.kind === 'threshold') {
      items.push({
        ConditionCheck: {
          TableName: this.table,
          Key: settingsKey(jobId),
          ConditionExpression: 'highestThresholdClaimed = :t AND attribute_not_exists(terminalClaimedAt)',
          ExpressionAttributeValues: { ':t': target.threshold },
        },
      });
    }
    const write = new TransactWriteCommand({ TransactItems: items });
    const written = await this.run('claim', (c) => c.send(write), { ignoreConditionFailure: true });
    return written ? { jobId, target, token, notification: record.notification, attempt: record.attempt + 1 } : undefined;
  }

  private async readState(jobId: string, target: ClaimTarget): Promise<{ guard: ClaimGuard; record?: ClaimRecord }> {
    const get = new TransactGetCommand({
      TransactItems: [{ Get: { TableName: this.table, Key: settingsKey(jobId) } }, { Get: { TableName: this.table, Key: claimKey(jobId, target) } }],
    });
    const out = await this.run('claim', (c) => c.send(get));
    const settings = out?.Responses?.[0]?.Item;
    if (!settings) throw settingsNotFound(jobId);
    const item = out?.Responses?.[1]?.Item;
    return { guard: guardOf(settings), ...(item ? { record: claimRecordOf(item) } : {}) };
  }

  /**
   * Run one DynamoDB call; a failed condition (or a transaction cancelled by one, or by a
   * concurrent transaction) gives `undefined` when `ignoreConditionFailure`; anything else
   * becomes a `DependencyError` with code `LedgerUnavailable`.
   */
  private async run<Output>(operation: string, call: (client: DynamoDBDocumentClient) => Promise<Output>, options: { ignoreConditionFailure?: boolean } = {}): Promise<Output | undefined> {
    try {
      return await call(this.options.client);
    } catch (error) {
      if (options.ignoreConditionFailure && isConditionFailure(error)) return undefined;
      throw ledgerUnavailable(operation, error);
    }
  }
}
