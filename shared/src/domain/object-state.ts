/**
 * What can happen to one object of a job, and the transition table that decides whether an
 * event moves it. Counters move if and only if {@link transition} returns a new state, so a
 * duplicated, late or out-of-order event never moves them twice.
 */
export const OBJECT_STATES = ['registered', 'requested', 'restoring', 'restored', 'available', 'failed'] as const;
export type ObjectState = (typeof OBJECT_STATES)[number];

/** Settled states: the object needs nothing more (readable, or given up with a reason). */
export const SETTLED_STATES: readonly ObjectState[] = ['restored', 'available', 'failed'];

/** Object-level facts, whatever their source (S3 event, Batch Operations report, sweep). */
export const OBJECT_EVENT_TYPES = [
  /** Batch Operations accepted the restore request for the object. */
  'RestoreRequested',
  /** S3 "Object Restore Initiated" / `ObjectRestore:Post`. */
  'RestoreInitiated',
  /** S3 "Object Restore Completed" / `ObjectRestore:Completed`: the object is readable. */
  'RestoreCompleted',
  /** S3 "Object Restore Expired" / `ObjectRestore:Delete`: the temporary copy is gone. */
  'RestoreExpired',
  /** The object is readable without a restore (not archived, or already restored). */
  'ObjectAvailable',
  /** The restore cannot happen (missing key, rejected request…), with a code and message. */
  'ObjectFailed',
] as const;
export type ObjectEventType = (typeof OBJECT_EVENT_TYPES)[number];

const TARGET: Record<ObjectEventType, ObjectState | undefined> = {
  RestoreRequested: 'requested',
  RestoreInitiated: 'restoring',
  RestoreCompleted: 'restored',
  ObjectAvailable: 'available',
  ObjectFailed: 'failed',
  // An expiry does not undo a restore for the job: the object was readable. It is logged and
  // counted separately (not a state).
  RestoreExpired: undefined,
};

/** From each state, the states an event may move the object to. */
const ALLOWED: Record<ObjectState, readonly ObjectState[]> = {
  registered: ['requested', 'restoring', 'restored', 'available', 'failed'],
  requested: ['restoring', 'restored', 'available', 'failed'],
  restoring: ['restored', 'failed'],
  // A failure recorded earlier is overruled by evidence that the object is readable after all.
  failed: ['restored', 'available'],
  restored: [],
  available: [],
};

export function isSettled(state: ObjectState): boolean {
  return SETTLED_STATES.includes(state);
}

/**
 * The state `event` moves an object in `current` to, or undefined when it changes nothing
 * (a duplicate, a late event, or an event that does not apply).
 *
 * @example transition('registered', 'RestoreCompleted') // 'restored' (Completed seen before Initiated)
 * @example transition('restored', 'RestoreInitiated') // undefined (late Initiated)
 */
export function transition(current: ObjectState, event: ObjectEventType): ObjectState | undefined {
  const target = TARGET[event];
  if (target === undefined || target === current) return undefined;
  return ALLOWED[current].includes(target) ? target : undefined;
}
