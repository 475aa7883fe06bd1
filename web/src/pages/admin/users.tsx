import { Role, UserStatus, type UserView } from '@contracts/accounts';
import type { AdminUser } from '@contracts/admin';
import { useState } from 'react';
import { useSearch } from 'wouter';
import { api } from '../../api/client';
import { ReasonForm } from '../../components/decision-form';
import { Details } from '../../components/details';
import { SelectField, TextField } from '../../components/fields';
import { FilterForm } from '../../components/filter-form';
import { PagedItems } from '../../components/load-more';
import { Notice } from '../../components/status';
import { formatKampalaDate } from '../../lib/format';
import { ROLE_LABELS, STATUS_LABELS } from '../../lib/labels';
import { withQuery } from '../../lib/query';
import { usePagedApi } from '../../lib/use-paged-api';

const ROLE_CHOICES = Role.options.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const STATUS_CHOICES = UserStatus.options.map((status) => ({ value: status, label: STATUS_LABELS[status] ?? status }));
const VERIFIED_CHOICES = [
  { value: 'true', label: 'Verified' },
  { value: 'false', label: 'Not verified' },
];

export default function Users() {
  const search = useSearch();
  const filters = new URLSearchParams(search);
  const users = usePagedApi<AdminUser>(withQuery('/admin/users', Object.fromEntries(filters)));
  const [outcome, setOutcome] = useState<string>();

  return (
    <>
      <h1>Users</h1>
      <FilterForm path="/admin/users" label="Find users" key={search}>
        <TextField name="search" label="Name, email or phone" type="search" defaultValue={filters.get('search') ?? ''} />
        <SelectField name="role" label="Account type" options={ROLE_CHOICES} placeholder="Any" defaultValue={filters.get('role') ?? ''} />
        <SelectField name="status" label="Status" options={STATUS_CHOICES} placeholder="Any" defaultValue={filters.get('status') ?? ''} />
        <SelectField
          name="verified"
          label="Verification"
          options={VERIFIED_CHOICES}
          placeholder="Any"
          defaultValue={filters.get('verified') ?? ''}
        />
      </FilterForm>
      {outcome && (
        <Notice>
          <p>{outcome}</p>
        </Notice>
      )}
      <PagedItems resource={users} label="Loading users…" empty="No users match.">
        {(user) => (
          <UserItem
            key={user.id}
            user={user}
            onChanged={(changed) => {
              setOutcome(`${changed.name} is now ${(STATUS_LABELS[changed.status] ?? changed.status).toLowerCase()}.`);
              users.reload();
            }}
          />
        )}
      </PagedItems>
    </>
  );
}

function UserItem({ user, onChanged }: { user: AdminUser; onChanged: (user: UserView) => void }) {
  const [changing, setChanging] = useState(false);
  const action = user.status === 'active' ? 'suspend' : user.status === 'suspended' ? 'activate' : undefined;
  const headingId = `user-${user.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {user.name} <span className={`badge badge-${user.status}`}>{STATUS_LABELS[user.status] ?? user.status}</span>
      </h2>
      <Details
        items={[
          ['Account type', ROLE_LABELS[user.role]],
          ['Email address', user.email ?? '—'],
          ['Phone number', user.phone ?? '—'],
          ...(user.verified === null ? [] : [['Verified', user.verified ? 'Yes' : 'No'] as [string, string]]),
          ['Registered', formatKampalaDate(user.createdAt)],
          ...(user.statusReason ? [['Reason for status', user.statusReason] as [string, string]] : []),
        ]}
      />
      {action &&
        (changing ? (
          <ReasonForm
            label={action === 'suspend' ? 'Reason for suspending' : 'Reason for activating'}
            hint="Kept in the audit log."
            submitLabel={action === 'suspend' ? 'Suspend account' : 'Activate account'}
            pendingLabel="Saving…"
            onSubmit={async (reason) => onChanged(await api.post<UserView>(`/admin/users/${user.id}/${action}`, { reason }))}
          />
        ) : (
          <button type="button" className="button button-secondary" onClick={() => setChanging(true)} aria-describedby={headingId}>
            {action === 'suspend' ? 'Suspend…' : 'Activate…'}
          </button>
        ))}
    </li>
  );
}
