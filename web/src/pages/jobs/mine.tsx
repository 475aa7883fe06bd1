import type { JobView } from '@contracts/jobs';
import { Link, useSearch } from 'wouter';
import { useSession } from '../../api/session';
import { SelectField } from '../../components/fields';
import { FilterForm } from '../../components/filter-form';
import { JobSummary } from '../../components/jobs/job-summary';
import { PagedItems } from '../../components/load-more';
import { JOB_STATUS_CHOICES } from '../../lib/jobs';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';

export default function MyJobs() {
  const session = useSession();
  const search = useSearch();
  const status = new URLSearchParams(search).get('status') ?? '';
  const jobs = usePagedApi<JobView>(withQuery('/me/jobs', { status }));
  const isInstitution = session.status === 'signed-in' && session.user.role === 'institution';

  return (
    <>
      <h1>{isInstitution ? 'Your jobs' : 'Your shifts'}</h1>
      <p className="lead">
        {isInstitution ? (
          <>
            Shifts you posted, latest first. <Link href="/jobs/new">Post a job</Link>.
          </>
        ) : (
          'Shifts you accepted, latest first.'
        )}
      </p>
      <FilterForm path="/jobs/mine" label="Filter your jobs" key={search}>
        <SelectField name="status" label="State" options={JOB_STATUS_CHOICES} placeholder="Any" defaultValue={status} />
      </FilterForm>
      <PagedItems resource={jobs} label="Loading your jobs…" empty="Nothing here yet.">
        {(job) => <JobSummary key={job.id} job={job} />}
      </PagedItems>
    </>
  );
}
