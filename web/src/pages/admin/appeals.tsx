import { APPEAL_STATUSES, DecideAppealBody, type AdminAppealView } from '@contracts/reliability';
import { useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { api } from '../../api/client';
import { Details } from '../../components/details';
import { RadioGroup, SelectField, TextAreaField } from '../../components/fields';
import { Form } from '../../components/form';
import { describeEvent, formatPoints } from '../../components/reliability/event-text';
import { Loaded, Notice } from '../../components/status';
import { formatKampalaDateTime } from '../../lib/format';
import { withQuery } from '../../lib/query';
import { useApi } from '../../lib/use-api';
import { validate } from '../../lib/validate';

const STATUS_LABELS: Record<AdminAppealView['status'], string> = { pending: 'Pending', accepted: 'Accepted', rejected: 'Rejected' };
const STATUS_CHOICES = [
  { value: '', label: 'All, pending first' },
  ...APPEAL_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
];

/** Professionals' appeals against reliability events: an accepted one gives the points back. */
export default function AdminAppeals() {
  const [, navigate] = useLocation();
  const status = new URLSearchParams(useSearch()).get('status') ?? '';
  const appeals = useApi<{ items: AdminAppealView[] }>(withQuery('/admin/appeals', { status }));
  const [outcome, setOutcome] = useState<string>();
  return (
    <>
      <h1>Reliability appeals</h1>
      <p className="lead">
        Pending appeals first, oldest first. Accepting one gives the professional the points back and ends their restriction if their score
        is then high enough; every decision is written to the audit log and told to the professional.
      </p>
      <div className="filters">
        <SelectField
          name="status"
          label="Show appeals"
          options={STATUS_CHOICES}
          value={status}
          onChange={(event) => navigate(withQuery('/admin/appeals', { status: event.target.value }))}
        />
      </div>
      {outcome && (
        <Notice>
          <p>{outcome}</p>
        </Notice>
      )}
      <Loaded resource={appeals} label="Loading appeals…">
        {({ items }) =>
          items.length === 0 ? (
            <p>No appeals to show.</p>
          ) : (
            <ol className="plain-list">
              {items.map((appeal) => (
                <AppealItem
                  key={appeal.id}
                  appeal={appeal}
                  onDecided={(decided) => {
                    setOutcome(
                      `${decided.professional.name}’s appeal is ${decided.status}. Their score is now ${decided.professional.reliabilityScore} of 100.`,
                    );
                    appeals.reload();
                    window.scrollTo({ top: 0 });
                  }}
                />
              ))}
            </ol>
          )
        }
      </Loaded>
    </>
  );
}

function AppealItem({ appeal, onDecided }: { appeal: AdminAppealView; onDecided: (decided: AdminAppealView) => void }) {
  const { professional, event, job } = appeal;
  return (
    <li className="card">
      <h2>
        {professional.name}: {describeEvent(event.kind, job.role, job.startsAt)}, {formatPoints(event.points)}.
      </h2>
      <Details
        items={[
          ['Status', STATUS_LABELS[appeal.status]],
          ['Institution', job.institutionName],
          ['Event', formatKampalaDateTime(event.at)],
          ['Appealed', formatKampalaDateTime(appeal.createdAt)],
          ['Score now', `${professional.reliabilityScore} of 100`],
          ['Restricted until', professional.restrictedUntil ? formatKampalaDateTime(professional.restrictedUntil) : 'Not restricted'],
          ['Professional’s reason', appeal.reason],
          ...(appeal.decidedAt
            ? ([
                ['Decided', `${formatKampalaDateTime(appeal.decidedAt)} by ${appeal.decidedBy?.name ?? 'an administrator'}`],
                ['Note', appeal.note ?? '—'],
              ] as [string, string][])
            : []),
        ]}
      />
      {appeal.status === 'pending' && <DecideForm appeal={appeal} onDecided={onDecided} />}
    </li>
  );
}

function DecideForm({ appeal, onDecided }: { appeal: AdminAppealView; onDecided: (decided: AdminAppealView) => void }) {
  async function decide(data: FormData) {
    const choice = data.get('accept');
    const body = validate(DecideAppealBody, { accept: choice === null ? undefined : choice === 'accept', note: data.get('note') ?? '' });
    onDecided(await api.post<AdminAppealView>(`/admin/appeals/${appeal.id}/decide`, body));
  }
  return (
    <Form
      label={`Decide ${appeal.professional.name}’s appeal`}
      onSubmit={decide}
      submitLabel="Record the decision"
      pendingLabel="Recording…"
    >
      <RadioGroup
        name="accept"
        legend="Decision"
        choices={[
          { value: 'accept', label: `Accept: give back ${Math.abs(appeal.event.points)} points` },
          { value: 'reject', label: 'Reject: the points stay lost' },
        ]}
      />
      <TextAreaField name="note" label="Note to the professional (optional)" hint="Kept in the audit log." rows={3} maxLength={1000} />
    </Form>
  );
}
