import type { JobView } from '@contracts/jobs';
import type { TransactionView } from '@contracts/payments';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/client';
import { asApiError } from '../../api/problem';
import { cancellationHint } from '../../lib/institutions';
import { formatShift } from '../../lib/jobs';
import { ConfirmButton } from '../confirm-button';
import { AttendanceCodePanel, TimesheetDetails } from './attendance';
import { ActionButton } from './action-button';
import { CancelAction } from './cancel-action';
import { OwnerConfirmation } from './confirmation';
import { InvoiceButton } from './invoice-button';
import { Matches } from './matches';
import type { Outcome } from './outcome';
import { useApi } from '../../lib/use-api';
import { PaymentAttempts, PayOrContinue } from './payment-panel';
import { RateOtherParty } from './rating-form';

const CANCEL_COPY = {
  button: 'Cancel the job…',
  label: 'Reason for cancelling',
  submit: 'Cancel the job',
};

const DISPUTE_COPY = {
  button: 'Dispute the timesheet…',
  label: 'What is wrong with the timesheet',
  hint: 'The professional is not paid until Qgig resolves the dispute.',
  submit: 'Dispute the timesheet',
  keep: 'Keep the timesheet',
};

/** What the institution that posted a job may do at each state, and the professionals and payments behind it. */
export function InstitutionJobActions({ job, userId, onOutcome }: { job: JobView; userId: string; onOutcome: (outcome: Outcome) => void }) {
  const cancellable = job.status === 'open' || job.status === 'assigned' || job.status === 'paid';
  const assigneeName = job.assignee?.name ?? 'the professional';
  const payments = useApi<{ items: TransactionView[] }>(job.status === 'open' ? null : `/jobs/${job.id}/payments`);
  return (
    <>
      <section className="job-actions" aria-label="What you can do">
        {job.status === 'open' && !job.funded && (
          <>
            <Link href={`/jobs/${job.id}/edit`} className="button button-secondary">
              Edit the job
            </Link>
            <DeleteButton job={job} onFailed={(text) => onOutcome({ text, error: true })} />
          </>
        )}
        {(job.status === 'paid' || job.status === 'checked_out') && <CompleteButton job={job} onOutcome={onOutcome} />}
        {job.status === 'checked_out' && (
          <CancelAction
            job={job}
            action="dispute"
            copy={DISPUTE_COPY}
            onDone={() => onOutcome({ text: 'The timesheet is disputed; Qgig will resolve it.' })}
          />
        )}
        {job.status === 'paid' && <NoShowButton job={job} onOutcome={onOutcome} />}
        {cancellable && (
          <CancelAction
            job={job}
            copy={{ ...CANCEL_COPY, hint: cancellationHint(job) }}
            onDone={() => onOutcome({ text: 'The job is cancelled.' })}
          />
        )}
      </section>
      {job.status === 'open' && job.funded && (
        <p>
          This shift is already paid for, so it cannot be edited or deleted: the next professional to accept it is booked at once. Cancel it
          for a full refund.
        </p>
      )}
      <OwnerConfirmation job={job} onOutcome={onOutcome} />
      {(job.status === 'paid' || job.status === 'checked_in') && <AttendanceCodePanel job={job} />}
      <TimesheetDetails job={job} />
      {job.status === 'assigned' && (
        <section className="card" aria-labelledby="pay-heading">
          <h2 id="pay-heading">Pay for the shift</h2>
          <p>{assigneeName} accepted. Pay through PesaPal to confirm the booking; you return here afterwards.</p>
          <PayOrContinue job={job} payments={payments} />
        </section>
      )}
      {job.status === 'completed' && (
        <RateOtherParty
          jobId={job.id}
          userId={userId}
          rateeName={assigneeName}
          onRated={() => onOutcome({ text: `Thank you: your rating of ${assigneeName} is saved.` })}
        />
      )}
      {job.status === 'open' && (
        <section aria-labelledby="matches-heading">
          <h2 id="matches-heading">Best-matched professionals</h2>
          <p>
            Verified, free at that time, ranked by skills (half), experience and ratings. The best of them who take shift offers are sent
            this one by SMS (and by a notification on their phone, where they allowed it); the others find it when they look for shifts. The
            first to accept gets the shift.
          </p>
          <Matches jobId={job.id} />
        </section>
      )}
      {job.status !== 'open' && (
        <section aria-labelledby="payments-heading">
          <h2 id="payments-heading">Payments</h2>
          <PaymentAttempts payments={payments} />
          <InvoiceButton job={job} />
        </section>
      )}
    </>
  );
}

/**
 * Completing approves the timesheet; a paid job nobody checked in can be completed only once its
 * scheduled end has passed (the API answers 409 before).
 */
function CompleteButton({ job, onOutcome }: { job: JobView; onOutcome: (outcome: Outcome) => void }) {
  // Read once when shown: the page reloads the job after every action, which shows this afresh.
  const [shownAt] = useState(Date.now);
  const approving = job.status === 'checked_out';
  if (!approving && Date.parse(job.endsAt) > shownAt)
    return <p>Nobody has checked in yet. Without a check-in, you can mark the shift completed once it has ended ({formatShift(job)}).</p>;
  return (
    <ActionButton
      job={job}
      path="complete"
      copy={{
        ask: approving ? 'Approve the timesheet…' : 'Mark as completed…',
        question: `Did ${job.assignee?.name ?? 'the professional'} work this shift${approving ? ' as the timesheet shows' : ''}?`,
        confirm: 'Yes, the shift was worked',
        keep: 'Not yet',
        group: 'Confirm completing',
      }}
      done="The job is marked complete. Please rate the professional."
      onOutcome={onOutcome}
    />
  );
}

/** From 30 minutes after the start of a paid job nobody checked in: a no-show, refunded in full. */
function NoShowButton({ job, onOutcome }: { job: JobView; onOutcome: (outcome: Outcome) => void }) {
  const [shownAt] = useState(Date.now);
  if (Date.parse(job.startsAt) + 30 * 60_000 > shownAt) return null;
  return (
    <ActionButton
      job={job}
      path="no-show"
      danger
      copy={{
        ask: 'Nobody came…',
        question: 'Mark the shift a no-show? Your payment is refunded in full.',
        confirm: 'Yes, nobody came',
        keep: 'Not yet',
        group: 'Confirm the no-show',
      }}
      done="The shift is marked a no-show; your payment is being refunded."
      onOutcome={onOutcome}
    />
  );
}

/** Deletes an open job after a second, explicit click. */
function DeleteButton({ job, onFailed }: { job: JobView; onFailed: (message: string) => void }) {
  const [, navigate] = useLocation();
  return (
    <ConfirmButton
      danger
      copy={{ ask: 'Delete the job…', confirm: 'Yes, delete the job', keep: 'Keep it', group: 'Confirm deleting' }}
      onConfirm={async () => {
        try {
          await api.delete(`/jobs/${job.id}`);
          navigate('/jobs/mine');
        } catch (caught) {
          onFailed(asApiError(caught).message);
        }
      }}
    />
  );
}
