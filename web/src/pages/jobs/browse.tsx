import { UGANDA_DISTRICTS } from '@contracts/districts';
import type { JobView } from '@contracts/jobs';
import { PROFESSIONAL_ROLES } from '@contracts/profiles';
import { useSearch } from 'wouter';
import { SelectField, TextField } from '../../components/fields';
import { FilterForm } from '../../components/filter-form';
import { JobSummary } from '../../components/jobs/job-summary';
import { PagedItems } from '../../components/load-more';
import { capitalise } from '../../lib/labels';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';

const ROLE_CHOICES = PROFESSIONAL_ROLES.map((role) => ({ value: role, label: capitalise(role) }));

export default function BrowseJobs() {
  const search = useSearch();
  const filters = new URLSearchParams(search);
  const jobs = usePagedApi<JobView>(withQuery('/jobs', Object.fromEntries(filters)));
  const value = (name: string) => filters.get(name) ?? '';

  return (
    <>
      <h1>Find shifts</h1>
      <p className="lead">Open shifts still to come, soonest first.</p>
      <FilterForm path="/jobs" label="Filter shifts" key={search}>
        <SelectField name="role" label="Role" options={ROLE_CHOICES} placeholder="Any" defaultValue={value('role')} />
        <TextField name="skill" label="Skill" defaultValue={value('skill')} />
        <SelectField name="district" label="District" options={UGANDA_DISTRICTS} placeholder="Any" defaultValue={value('district')} />
        <TextField name="from" label="From (date)" type="date" defaultValue={value('from')} />
        <TextField name="to" label="Until (date)" type="date" defaultValue={value('to')} />
        <TextField
          name="minRate"
          label="Lowest pay in UGX"
          type="number"
          inputMode="numeric"
          min={0}
          step={1000}
          defaultValue={value('minRate')}
        />
      </FilterForm>
      <PagedItems resource={jobs} label="Loading shifts…" empty="No open shifts match.">
        {(job) => <JobSummary key={job.id} job={job} />}
      </PagedItems>
    </>
  );
}
