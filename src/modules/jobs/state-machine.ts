import type { JobStatus } from '../../contracts/jobs.js';

/**
 * Every way a job's state may change, in one table. Each action moves a job from one of `from`
 * to `to` in a single guarded UPDATE (see `transition` in the repository); anything else is a 409
 * that names the job's current state.
 */
export const JOB_TRANSITIONS = {
  edit: { from: ['open'], to: 'open' },
  delete: { from: ['open'], to: 'open' },
  accept: { from: ['open'], to: 'assigned' },
  /** The assignee steps back before payment: the shift is offered again. */
  release: { from: ['assigned'], to: 'open' },
  pay: { from: ['assigned'], to: 'paid' },
  checkIn: { from: ['paid'], to: 'checked_in' },
  checkOut: { from: ['checked_in'], to: 'checked_out' },
  dispute: { from: ['checked_out'], to: 'disputed' },
  /** The timesheet approved; or, after the scheduled end, a paid job nobody checked in, by its owner. */
  complete: { from: ['paid', 'checked_out'], to: 'completed' },
  /** An admin settles a dispute by a share of the pay. */
  resolve: { from: ['disputed'], to: 'completed' },
  noShow: { from: ['paid'], to: 'no_show' },
  cancel: { from: ['open', 'assigned', 'paid'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly JobStatus[]; to: JobStatus }>;

export type JobAction = keyof typeof JOB_TRANSITIONS;

export function canTransition(action: JobAction, status: JobStatus): boolean {
  return (JOB_TRANSITIONS[action].from as readonly JobStatus[]).includes(status);
}

const ACTION_PHRASES: Record<JobAction, string> = {
  edit: 'edited',
  delete: 'deleted',
  accept: 'accepted',
  release: 'given back',
  pay: 'paid for',
  checkIn: 'checked in to',
  checkOut: 'checked out of',
  dispute: 'disputed',
  complete: 'marked complete',
  resolve: 'resolved',
  noShow: 'marked a no-show',
  cancel: 'cancelled',
};

export function conflictMessage(action: JobAction, status: JobStatus): string {
  return `This job is ${status}; it cannot be ${ACTION_PHRASES[action]}`;
}
