import type { JobView } from '@contracts/jobs';
import { ResolveDisputeBody } from '@contracts/payouts';
import { useState } from 'react';
import { api } from '../../api/client';
import { Details } from '../../components/details';
import { TextAreaField, TextField } from '../../components/fields';
import { Form } from '../../components/form';
import { JobSummary } from '../../components/jobs/job-summary';
import { PagedItems } from '../../components/load-more';
import { OutcomeMessage } from '../../components/status';
import type { Outcome } from '../../components/jobs/outcome';
import { formatKampalaDateTime, formatMinutes, formatUGX } from '../../lib/format';
import { capitalise } from '../../lib/labels';
import { toNumber, validate } from '../../lib/validate';
import { usePagedApi } from '../../lib/use-paged-api';

/** Timesheets an institution disputed, each settled by the share of the pay the professional gets. */
export default function AdminDisputes() {
  const jobs = usePagedApi<JobView>('/admin/jobs?status=disputed');
  const [outcome, setOutcome] = useState<Outcome>();
  return (
    <>
      <h1>Disputes</h1>
      <p className="lead">
        Timesheets an institution disputed. Hear both sides, then decide what share of the pay the professional gets: Qgig’s fee follows the
        same share, and the rest goes back to the institution.
      </p>
      {outcome && <OutcomeMessage outcome={outcome} />}
      <PagedItems resource={jobs} label="Loading disputes…" empty="No disputed timesheets.">
        {(job) => (
          <JobSummary key={job.id} job={job}>
            <DisputeFacts job={job} />
            <ResolveDispute
              job={job}
              onResolved={(payPercent) => {
                setOutcome({
                  text: `${capitalise(job.role)} at ${job.institutionName} is resolved: ${payPercent}% of ${formatUGX(job.pay)} goes to ${job.assignee?.name ?? 'the professional'}.`,
                });
                jobs.reload();
                window.scrollTo({ top: 0 });
              }}
            />
          </JobSummary>
        )}
      </PagedItems>
    </>
  );
}

function DisputeFacts({ job }: { job: JobView }) {
  const sheet = job.timesheet;
  return (
    <Details
      items={[
        ['Professional', job.assignee?.name ?? '—'],
        ...(sheet
          ? ([
              ['Checked in', formatKampalaDateTime(sheet.checkedInAt)],
              ['Checked out', formatKampalaDateTime(sheet.checkedOutAt)],
              ['Worked', formatMinutes(sheet.minutes)],
            ] as [string, string][])
          : []),
        ['Institution’s complaint', job.disputeReason ?? '—'],
      ]}
    />
  );
}

function ResolveDispute({ job, onResolved }: { job: JobView; onResolved: (payPercent: number) => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)} aria-describedby={`job-${job.id}`}>
        Resolve…
      </button>
    );
  }
  async function resolve(data: FormData) {
    const body = validate(ResolveDisputeBody, { payPercent: toNumber(data.get('payPercent')), reason: data.get('reason') });
    await api.post<JobView>(`/admin/jobs/${job.id}/resolve`, body);
    onResolved(body.payPercent);
  }
  return (
    <Form label="Resolve the dispute" onSubmit={resolve} submitLabel="Resolve the dispute" pendingLabel="Resolving…">
      <TextField
        name="payPercent"
        label="Share of the pay for the professional (%)"
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        hint={`From 0 (everything back to the institution) to 100 (the full ${formatUGX(job.pay)}).`}
        required
      />
      <TextAreaField name="reason" label="Reason" hint="Kept in the audit log." rows={3} maxLength={500} required />
    </Form>
  );
}
