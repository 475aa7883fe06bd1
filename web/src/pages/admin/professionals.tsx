import type { AdminProfessional } from '@contracts/profiles';
import { Link, useSearch } from 'wouter';
import { Details } from '../../components/details';
import { SelectField } from '../../components/fields';
import { FilterForm } from '../../components/filter-form';
import { PagedItems } from '../../components/load-more';
import { formatKampalaDate } from '../../lib/format';
import { capitalise, STATUS_LABELS } from '../../lib/labels';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';

const VERIFIED_CHOICES = [
  { value: 'false', label: 'Awaiting verification' },
  { value: 'true', label: 'Verified' },
  { value: 'all', label: 'All professionals' },
];

export default function Professionals() {
  const search = useSearch();
  const verified = new URLSearchParams(search).get('verified') ?? 'false';
  const professionals = usePagedApi<AdminProfessional>(
    withQuery('/admin/professionals', { verified: verified === 'all' ? undefined : verified }),
  );

  return (
    <>
      <h1>Professionals</h1>
      <p className="lead">
        Oldest registration first. Documents waiting for a decision are in the <Link href="/admin/documents">verification queue</Link>.
      </p>
      <FilterForm path="/admin/professionals" label="Filter professionals" key={search}>
        <SelectField name="verified" label="Show" options={VERIFIED_CHOICES} defaultValue={verified} />
      </FilterForm>
      <PagedItems resource={professionals} label="Loading professionals…" empty="No professionals here.">
        {(professional) => (
          <li key={professional.id} className="card">
            <h2>
              {professional.name}{' '}
              <span className={`badge badge-${professional.verified ? 'approved' : 'pending'}`}>
                {professional.verified ? 'Verified' : 'Not verified'}
              </span>
            </h2>
            <Details
              items={[
                ['Registered', formatKampalaDate(professional.registeredAt)],
                ['Account', STATUS_LABELS[professional.status] ?? professional.status],
                [
                  'Profile',
                  professional.hasProfile
                    ? `${professional.roles.map(capitalise).join(', ')} in ${professional.district ?? '—'}`
                    : 'Not filled in yet',
                ],
                [
                  'Documents',
                  `${professional.documents.pending} waiting, ${professional.documents.approved} approved, ${professional.documents.rejected} rejected`,
                ],
                ...(professional.verifiedAt ? [['Verified on', formatKampalaDate(professional.verifiedAt)] as [string, string]] : []),
              ]}
            />
          </li>
        )}
      </PagedItems>
    </>
  );
}
