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
  /**
   * The assignee gives the shift back, or the owner releases an assignee who did not confirm: the
   * shift is offered again, a paid one still holding its payment (`funded`).
   */
  release: { from: ['assigned', 'paid'], to: 'open' },
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

/** The assignee confirming they will come changes no state; it is refused in the others. */
export const CONFIRMABLE_STATES = ['assigned', 'paid'] as const satisfies readonly JobStatus[];

/** Assigned or paid: someone holds the shift, and it has not begun. */
export const isBooked = (status: JobStatus): boolean => (CONFIRMABLE_STATES as readonly JobStatus[]).includes(status);

/** What a 409 may say cannot be done: the state machine's actions, and confirming. */
export type RefusedAction = JobAction | 'confirm';

const ACTION_PHRASES: Record<RefusedAction, string> = {
  edit: 'edited',
  delete: 'deleted',
  accept: 'accepted',
  release: 'given back or released',
  confirm: 'confirmed',
  pay: 'paid for',
  checkIn: 'checked in to',
  checkOut: 'checked out of',
  dispute: 'disputed',
  complete: 'marked complete',
  resolve: 'resolved',
  noShow: 'marked a no-show',
  cancel: 'cancelled',
};

export function conflictMessage(action: RefusedAction, status: JobStatus): string {
  return `This job is ${status}; it cannot be ${ACTION_PHRASES[action]}`;
}
