import type { NotificationConfiguration, StorageClass } from '../state/model.js';

/** The S3 notification event names for restores (`eventName` in records; `s3:` in configs). */
export type RestoreEventName = 'ObjectRestore:Post' | 'ObjectRestore:Completed' | 'ObjectRestore:Delete';

/**
 * One restore event as S3 knows it, before it is dressed for a destination (an EventBridge
 * event, an SQS notification record). Times are virtual epoch ms.
 */
export interface RestoreEvent {
  name: RestoreEventName;
  time: number;
  bucket: { name: string; region: string; ownerAccountId: string };
  /** The bucket's notification configuration when the event happened. */
  notification: NotificationConfiguration;
  object: {
    key: string;
    size: number;
    etag: string;
    /** Only for versioning-enabled buckets. */
    versionId?: string;
    /** Hex, per key monotonic. */
    sequencer: string;
  };
  requestId: string;
  hostId: string;
  /** Account id or principal that asked for the restore (Post); S3 itself for Completed/Delete. */
  requester: string;
  sourceIp: string;
  sourceStorageClass: StorageClass;
  /** On Completed: when the temporary copy expires (absent for Intelligent-Tiering). */
  restoreExpiryTime?: number;
}

/** Where the restore engine hands events; the delivery layer decides where they go. */
export interface RestoreEventSink {
  emit(event: RestoreEvent): void;
}
