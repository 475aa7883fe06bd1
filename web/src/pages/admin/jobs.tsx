import type { JobView } from '@contracts/jobs';
import { UGANDA_DISTRICTS } from '@contracts/districts';
import { PROFESSIONAL_ROLES } from '@contracts/profiles';
import { useState } from 'react';
import { useSearch } from 'wouter';
import { api } from '../../api/client';
import { ReasonForm } from '../../components/decision-form';
import { SelectField, TextField } from '../../components/fields';
import { FilterForm } from '../../components/filter-form';
import { InvoiceButton } from '../../components/jobs/invoice-button';
import { JobSummary } from '../../components/jobs/job-summary';
import { PagedItems } from '../../components/load-more';
import { Notice } from '../../components/status';
import { capitalise } from '../../lib/labels';
import { ADMIN_JOB_STATE_CHOICES } from '../../lib/jobs';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';

const ROLE_CHOICES = PROFESSIONAL_ROLES.map((role) => ({ value: role, label: capitalise(role) }));

export default function AdminJobs() {
  const search = useSearch();
  const filters = new URLSearchParams(search);
  const jobs = usePagedApi<JobView>(withQuery('/admin/jobs', Object.fromEntries(filters)));
  const [outcome, setOutcome] = useState<string>();
  const value = (name: string) => filters.get(name) ?? '';

  return (
    <>
      <h1>Jobs</h1>
      <p className="lead">Every job in any state, latest shift first.</p>
      <FilterForm path="/admin/jobs" label="Filter jobs" key={search}>
        <SelectField name="status" label="State" options={ADMIN_JOB_STATE_CHOICES} placeholder="Any" defaultValue={value('status')} />
        <SelectField name="role" label="Role" options={ROLE_CHOICES} placeholder="Any" defaultValue={value('role')} />
        <SelectField name="district" label="District" options={UGANDA_DISTRICTS} placeholder="Any" defaultValue={value('district')} />
        <TextField name="from" label="From (date)" type="date" defaultValue={value('from')} />
        <TextField name="to" label="Until (date)" type="date" defaultValue={value('to')} />
      </FilterForm>
      {outcome && (
        <Notice>
          <p>{outcome}</p>
        </Notice>
      )}
      <PagedItems resource={jobs} label="Loading jobs…" empty="No jobs match.">
        {(job) => (
          <JobSummary key={job.id} job={job}>
            <InvoiceButton job={job} />
            <AdminCancel
              job={job}
              onCancelled={(cancelled) => {
                setOutcome(`${capitalise(cancelled.role)} at ${cancelled.institutionName} is cancelled.`);
                jobs.reload();
              }}
            />
          </JobSummary>
        )}
      </PagedItems>
    </>
  );
}

function AdminCancel({ job, onCancelled }: { job: JobView; onCancelled: (job: JobView) => void }) {
  const [open, setOpen] = useState(false);
  if (job.status === 'completed' || job.status === 'cancelled') return null;
  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)} aria-describedby={`job-${job.id}`}>
        Cancel…
      </button>
    );
  }
  return (
    <ReasonForm
      label="Reason for cancelling"
      hint={
        job.status === 'paid'
          ? 'Kept in the audit log and sent to both sides; the payment is refunded.'
          : 'Kept in the audit log and sent to both sides.'
      }
      submitLabel="Cancel the job"
      pendingLabel="Cancelling…"
      onSubmit={async (reason) => onCancelled(await api.post<JobView>(`/admin/jobs/${job.id}/cancel`, { reason }))}
    />
  );
}
