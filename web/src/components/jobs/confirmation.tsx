import type { JobView } from '@contracts/jobs';
import { useState } from 'react';
import { api } from '../../api/client';
import { asApiError } from '../../api/problem';
import { formatKampalaDateTime } from '../../lib/format';
import { ActionButton } from './action-button';
import type { Outcome } from './outcome';

/** Whether the moment `shownAt` is within [from, the shift's start). */
const within = (from: string | null, job: JobView, shownAt: number) =>
  from !== null && Date.parse(from) <= shownAt && shownAt < Date.parse(job.startsAt);

/** The assignee's side: "Confirm you'll be there" from 48 h before the start, then that they did. */
export function AssigneeConfirmation({ job, onOutcome }: { job: JobView; onOutcome: (outcome: Outcome) => void }) {
  // Read once when shown: the page reloads the job after every action, which shows this afresh.
  const [shownAt] = useState(Date.now);
  const [pending, setPending] = useState(false);
  if (!job.confirmOpensAt) return null;
  async function confirm() {
    setPending(true);
    try {
      await api.post(`/jobs/${job.id}/confirm`);
      onOutcome({ text: 'Thank you: the institution can see that you confirmed you will be there.' });
    } catch (caught) {
      onOutcome({ text: asApiError(caught).message, error: true });
    } finally {
      setPending(false);
    }
  }
  return (
    <section className="card" aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Confirm you'll be there</h2>
      {job.confirmedAt ? (
        <p>You confirmed on {formatKampalaDateTime(job.confirmedAt)} that you will be there.</p>
      ) : within(job.confirmOpensAt, job, shownAt) ? (
        <>
          <p>Tell the institution you are coming. Until you do, it may release you from the shift from 4 hours before the start.</p>
          <button type="button" className="button" onClick={() => void confirm()} disabled={pending}>
            {pending ? 'Saving…' : "Confirm you'll be there"}
          </button>
        </>
      ) : (
        <p>You can confirm you will be there from {formatKampalaDateTime(job.confirmOpensAt)}. We will remind you.</p>
      )}
    </section>
  );
}

/** The owner's side: whether the assignee confirmed, and "Release" once they may be released. */
export function OwnerConfirmation({ job, onOutcome }: { job: JobView; onOutcome: (outcome: Outcome) => void }) {
  const [shownAt] = useState(Date.now);
  if (!job.confirmOpensAt) return null;
  const name = job.assignee?.name ?? 'The professional';
  return (
    <section className="card" aria-labelledby="confirmation-heading">
      <h2 id="confirmation-heading">Confirmation</h2>
      {job.confirmedAt ? (
        <p>
          {name} confirmed on {formatKampalaDateTime(job.confirmedAt)} that they will be there.
        </p>
      ) : (
        <p>
          {name} has not confirmed yet; they can from {formatKampalaDateTime(job.confirmOpensAt)}.
          {job.releasableAt && !within(job.releasableAt, job, shownAt) && Date.parse(job.releasableAt) > shownAt
            ? ` If they have not confirmed by ${formatKampalaDateTime(job.releasableAt)}, you may release them then.`
            : ''}
        </p>
      )}
      {within(job.releasableAt, job, shownAt) && (
        <ActionButton
          job={job}
          path="release"
          danger
          copy={{
            ask: 'Release…',
            question: `Release ${name}? They are told, it costs them nothing, and the shift is open to everyone again at once${job.status === 'paid' ? ', still paid for' : ''}.`,
            confirm: 'Yes, release them',
            keep: 'Keep them',
            group: 'Confirm the release',
          }}
          done={`${name} is released; the shift is open to everyone again.`}
          onOutcome={onOutcome}
        />
      )}
    </section>
  );
}
