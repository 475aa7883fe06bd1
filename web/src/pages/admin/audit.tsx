import type { AuditEntry } from '@contracts/admin';
import { AuditQuery } from '@contracts/admin';
import { Link, useSearch } from 'wouter';
import { Details } from '../../components/details';
import { SelectField, TextField } from '../../components/fields';
import { FilterForm } from '../../components/filter-form';
import { PagedItems } from '../../components/load-more';
import { PersonLink } from '../../components/person-link';
import { formatKampalaDateTime } from '../../lib/format';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';

const TARGET_TYPES = AuditQuery.shape.targetType.unwrap().options;

/** A Kampala calendar day's first or last instant, as the API's ISO filter wants it. */
const kampalaDayBound = (day: string | null, end: boolean) => (day ? `${day}T${end ? '23:59:59.999' : '00:00:00'}+03:00` : undefined);

export default function AuditLog() {
  const search = useSearch();
  const filters = new URLSearchParams(search);
  const text = (name: string) => filters.get(name) ?? '';
  const entries = usePagedApi<AuditEntry>(
    withQuery('/admin/audit', {
      action: filters.get('action'),
      targetType: filters.get('targetType'),
      targetId: filters.get('targetId'),
      actorId: filters.get('actorId'),
      actor: filters.get('actor'),
      subject: filters.get('subject'),
      from: kampalaDayBound(filters.get('from'), false),
      to: kampalaDayBound(filters.get('to'), true),
    }),
  );

  return (
    <>
      <h1>Audit log</h1>
      <p className="lead">Who did what to whom, newest first: decisions on documents and accounts, and every look at sensitive data.</p>
      <FilterForm path="/admin/audit" label="Filter the audit log" key={search}>
        <TextField name="action" label="Action" defaultValue={text('action')} hint="Such as document.approve or user.suspend" />
        <SelectField
          name="targetType"
          label="Kind of record"
          options={TARGET_TYPES}
          placeholder="Anything"
          defaultValue={text('targetType')}
        />
        <TextField
          name="subject"
          label="About (name or email)"
          type="search"
          defaultValue={text('subject')}
          hint="The person, their document or their job"
        />
        <TextField name="actor" label="Done by (name or email)" type="search" defaultValue={text('actor')} />
        <TextField name="from" label="From (Kampala date)" type="date" defaultValue={text('from')} />
        <TextField name="to" label="To (Kampala date)" type="date" defaultValue={text('to')} />
      </FilterForm>
      <PagedItems resource={entries} label="Loading the audit log…" empty="No entries match.">
        {(entry) => (
          <li key={entry.id} className="card">
            <h2 className="entry-title">
              {entry.action} <span className="notice-meta">{formatKampalaDateTime(entry.at)}</span>
            </h2>
            <Details
              items={[
                ['By', entry.actor ? <PersonLink person={entry.actor} /> : 'The system'],
                ['About', <SubjectLink subject={entry.subject} />],
                ...(entry.reason ? [['Reason', entry.reason] as [string, string]] : []),
                ...(entry.ip ? [['Address', entry.ip] as [string, string]] : []),
                ...Object.entries(entry.details ?? {})
                  .filter(([key]) => key !== 'userId' || entry.subject.person === null)
                  .map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)] as [string, string]),
              ]}
            />
          </li>
        )}
      </PagedItems>
    </>
  );
}

/** A job links to its page, anything else of a person to that person; a record that is gone shows its id. */
function SubjectLink({ subject }: { subject: AuditEntry['subject'] }) {
  if (subject.label === null) return <>{`${subject.kind} ${subject.id}`}</>;
  if (subject.kind === 'job') return <Link href={`/jobs/${subject.id}`}>{subject.label}</Link>;
  return subject.person ? <PersonLink person={subject.person}>{subject.label}</PersonLink> : <>{subject.label}</>;
}
