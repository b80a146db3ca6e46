/**
 * The local runner's queues, written down in its SQLite file: what SQS and Lambda's
 * asynchronous-invocation queue keep for the deployment. A message is a row from the moment it is
 * sent until it is deleted; dead letters stay as rows with their error. After a crash
 * {@link SqliteQueueJournal.pending} hands each queue back what it had not delivered yet.
 *
 * Writes made in one turn of the event loop go to the file in one transaction, at the end of
 * that turn (a microtask): a burst of 100 sends is one commit, not 100. Nothing else — no timer,
 * no I/O callback, no other handler — runs before that commit, so the order "a handler's own
 * commit, then its messages" holds as it would with a write per call.
 */
import { migrate } from '@s3-bulk-restore/shared/sqlite';
import type { SqliteDatabase } from '@s3-bulk-restore/shared/sqlite';
import type { QueueDeadLetter, QueueJournal } from './bus/queue.js';

const SCHEMA = [
  `CREATE TABLE runner_queue_messages (
     queue TEXT NOT NULL,
     message_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     body TEXT NOT NULL,
     dead_error TEXT,
     receive_count INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (queue, message_id)
   ) WITHOUT ROWID`,
  'CREATE INDEX runner_queue_messages_pending ON runner_queue_messages (queue, seq) WHERE dead_error IS NULL',
];

export interface JournalMessage {
  messageId: string;
  body: string;
}

export class SqliteQueueJournal implements QueueJournal {
  private readonly insert;
  private readonly remove;
  private readonly markDead;
  private readonly selectPending;
  private readonly selectDead;
  private seq: number;
  private readonly ops: Array<() => void> = [];
  private readonly commit: () => void;

  constructor(private readonly db: SqliteDatabase) {
    migrate(db, 'runner', SCHEMA);
    this.insert = db.prepare('INSERT OR IGNORE INTO runner_queue_messages (queue, message_id, seq, body) VALUES (?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM runner_queue_messages WHERE queue = ? AND message_id = ?');
    this.markDead = db.prepare('UPDATE runner_queue_messages SET dead_error = ?, receive_count = ? WHERE queue = ? AND message_id = ?');
    this.selectPending = db.prepare('SELECT message_id AS messageId, body FROM runner_queue_messages WHERE queue = ? AND dead_error IS NULL ORDER BY seq');
    this.selectDead = db.prepare(
      'SELECT message_id AS messageId, body, receive_count AS receiveCount, dead_error AS error FROM runner_queue_messages WHERE queue = ? AND dead_error IS NOT NULL ORDER BY seq',
    );
    this.seq = (db.prepare('SELECT coalesce(max(seq), 0) FROM runner_queue_messages').pluck().get() as number) + 1;
    this.commit = db.transaction(() => {
      for (const op of this.ops.splice(0)) op();
    });
  }

  added(queue: string, message: JournalMessage): void {
    const seq = this.seq++;
    this.defer(() => this.insert.run(queue, message.messageId, seq, message.body));
  }

  removed(queue: string, messageId: string): void {
    this.defer(() => this.remove.run(queue, messageId));
  }

  deadLettered(queue: string, message: QueueDeadLetter): void {
    this.defer(() => this.markDead.run(message.error, message.receiveCount, queue, message.messageId));
  }

  /** Messages of `queue` a previous process sent and never finished, in send order. */
  pending(queue: string): JournalMessage[] {
    this.flush();
    return this.selectPending.all(queue) as JournalMessage[];
  }

  /** Dead letters of `queue`, kept across restarts. */
  deadLetters(queue: string): QueueDeadLetter[] {
    this.flush();
    return this.selectDead.all(queue) as QueueDeadLetter[];
  }

  /** Write what this turn collected (also called before reads, and before the database closes). */
  flush(): void {
    // After the runner closed the file, a late handler's messages have nowhere to go (and were
    // not acknowledged either: the journal still holds what it had).
    if (this.ops.length > 0 && this.db.open) this.commit();
  }

  private defer(op: () => void): void {
    this.ops.push(op);
    if (this.ops.length === 1) queueMicrotask(() => this.flush());
  }
}
