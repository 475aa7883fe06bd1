import type { JobView } from '@contracts/jobs';
import type { ReactNode } from 'react';
import type { User } from '../../api/session';
import { attendanceOpen, CheckInOut, TimesheetDetails } from './attendance';
import { CancelAction } from './cancel-action';
import { AssigneeConfirmation } from './confirmation';
import { JobPayout, PayoutMethodPrompt } from '../payouts/job-payout';
import type { Outcome } from './outcome';
import { RateOtherParty } from './rating-form';

/**
 * What the professional may do with a shift: accept it (`children`), give it back, check in and out,
 * say where to be paid, see the payout, rate the institution.
 */
export function ProfessionalJobActions({
  job,
  user,
  onOutcome,
  children,
}: {
  job: JobView;
  user: User;
  onOutcome: (outcome: Outcome) => void;
  children?: ReactNode;
}) {
  const holdsIt = job.assignee?.id === user.id;
  // A completed shift pays out, and so does a paid one its institution cancelled late.
  const paysOut = job.status === 'completed' || (job.status === 'cancelled' && (job.cancellation?.professionalAmount ?? 0) > 0);
  return (
    <section className="job-actions" aria-label="What you can do">
      {children}
      {holdsIt && <AssigneeConfirmation job={job} onOutcome={onOutcome} />}
      {holdsIt && (job.status === 'assigned' || job.status === 'paid') && (
        <CancelAction
          job={job}
          copy={{
            button: 'Give back this shift…',
            label: 'Why you are giving it back',
            hint:
              job.status === 'paid'
                ? 'The institution is told and the shift is offered to others again, still paid for.'
                : 'The institution is told and the shift is offered to others again.',
            submit: 'Give back the shift',
          }}
          onDone={() => onOutcome({ text: 'You gave the shift back. The institution has been told.' })}
        />
      )}
      {holdsIt && (job.status === 'checked_in' || (job.status === 'paid' && attendanceOpen(job))) && (
        <CheckInOut job={job} onOutcome={onOutcome} />
      )}
      {holdsIt && (paysOut || (job.status !== 'cancelled' && job.status !== 'no_show')) && <PayoutMethodPrompt onOutcome={onOutcome} />}
      {holdsIt && <TimesheetDetails job={job} />}
      {holdsIt && paysOut && <JobPayout job={job} />}
      {holdsIt && job.status === 'completed' && (
        <RateOtherParty
          jobId={job.id}
          userId={user.id}
          rateeName={job.institutionName}
          onRated={() => onOutcome({ text: `Thank you: your rating of ${job.institutionName} is saved.` })}
        />
      )}
    </section>
  );
}
