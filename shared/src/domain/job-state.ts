/**
 * Job states and their transitions. `Preparing` lasts until every manifest line is registered and
 * the Batch Operations job is confirmed; `Restoring` until every object is settled or the job
 * ends otherwise.
 */
export const JOB_STATUSES = ['Preparing', 'Restoring', 'Complete', 'Failed', 'Cancelled', 'Timeout'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_JOB_STATUSES = ['Complete', 'Failed', 'Cancelled', 'Timeout'] as const;
export type TerminalJobStatus = (typeof TERMINAL_JOB_STATUSES)[number];

const JOB_TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  Preparing: ['Restoring', 'Complete', 'Failed', 'Cancelled', 'Timeout'],
  Restoring: ['Complete', 'Failed', 'Cancelled', 'Timeout'],
  Complete: [],
  Failed: [],
  Cancelled: [],
  Timeout: [],
};

export function isTerminalJobStatus(status: string): status is TerminalJobStatus {
  return (TERMINAL_JOB_STATUSES as readonly string[]).includes(status);
}

export function canMoveJob(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}
