import type { JobView } from '@contracts/jobs';
import type { TransactionView } from '@contracts/payments';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/client';
import { asApiError } from '../../api/problem';
import { CancelAction } from './cancel-action';
import { Matches } from './matches';
import type { Outcome } from './outcome';
import { useApi } from '../../lib/use-api';
import { PaymentAttempts, PayOrContinue } from './payment-panel';
import { RateOtherParty } from './rating-form';

const CANCEL_COPY = {
  button: 'Cancel the job…',
  label: 'Reason for cancelling',
  hint: 'The professional, if one accepted, is told. A paid job is refunded.',
  submit: 'Cancel the job',
};

/** What the institution that posted a job may do at each state, and the professionals and payments behind it. */
export function InstitutionJobActions({ job, userId, onOutcome }: { job: JobView; userId: string; onOutcome: (outcome: Outcome) => void }) {
  const cancellable = job.status === 'open' || job.status === 'assigned' || job.status === 'paid';
  const assigneeName = job.assignee?.name ?? 'the professional';
  const payments = useApi<{ items: TransactionView[] }>(job.status === 'open' ? null : `/jobs/${job.id}/payments`);
  return (
    <>
      <section className="job-actions" aria-label="What you can do">
        {job.status === 'open' && (
          <>
            <Link href={`/jobs/${job.id}/edit`} className="button button-secondary">
              Edit the job
            </Link>
            <DeleteButton job={job} onFailed={(text) => onOutcome({ text, error: true })} />
          </>
        )}
        {job.status === 'paid' && <CompleteButton job={job} onOutcome={onOutcome} />}
        {cancellable && <CancelAction job={job} copy={CANCEL_COPY} onDone={() => onOutcome({ text: 'The job is cancelled.' })} />}
      </section>
      {job.status === 'assigned' && (
        <section className="card" aria-labelledby="pay-heading">
          <h2 id="pay-heading">Pay for the shift</h2>
          <p>{assigneeName} accepted. Pay through PesaPal to confirm the booking; you return here afterwards.</p>
          <PayOrContinue job={job} payments={payments} />
        </section>
      )}
      {job.status === 'completed' && (
        <RateOtherParty jobId={job.id} userId={userId} rateeName={assigneeName} onRated={() => onOutcome({ text: `Thank you: your rating of ${assigneeName} is saved.` })} />
      )}
      {job.status === 'open' && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">Best-matched professionals</h2>
          <p>Verified, free at that time, ranked by skills (half), experience and ratings. Each is told about new jobs; the first to accept gets the shift.</p>
          <Matches jobId={job.id} />
        </section>
      )}
      {job.status !== 'open' && (
        <section aria-labelledby="payments-heading">
          <h2 id="payments-heading">Payments</h2>
          <PaymentAttempts payments={payments} />
        </section>
      )}
    </>
  );
}

function CompleteButton({ job, onOutcome }: { job: JobView; onOutcome: (outcome: Outcome) => void }) {
  const [pending, setPending] = useState(false);
  async function complete() {
    setPending(true);
    try {
      await api.post(`/jobs/${job.id}/complete`);
      onOutcome({ text: 'The job is marked complete. Please rate the professional.' });
    } catch (caught) {
      onOutcome({ text: asApiError(caught).message, error: true });
    } finally {
      setPending(false);
    }
  }
  return (
    <button type="button" className="button" onClick={() => void complete()} disabled={pending}>
      {pending ? 'Saving…' : 'Mark as completed'}
    </button>
  );
}

/** Deletes an open job after a second, explicit click. */
function DeleteButton({ job, onFailed }: { job: JobView; onFailed: (message: string) => void }) {
  const [, navigate] = useLocation();
  const [confirming, setConfirming] = useState(false);
  async function remove() {
    try {
      await api.delete(`/jobs/${job.id}`);
      navigate('/jobs/mine');
    } catch (caught) {
      setConfirming(false);
      onFailed(asApiError(caught).message);
    }
  }
  if (!confirming) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
        Delete the job…
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label="Confirm deleting">
      <button type="button" className="button button-danger" onClick={() => void remove()}>
        Yes, delete the job
      </button>
      <button type="button" className="button-link" onClick={() => setConfirming(false)}>
        Keep it
      </button>
    </span>
  );
}
