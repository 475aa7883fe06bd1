import type { JobView } from '@contracts/jobs';
import { useState, type ReactNode } from 'react';
import { Link, useParams, useSearch } from 'wouter';
import { useSession, type User } from '../../api/session';
import { Details } from '../../components/details';
import { AcceptButton } from '../../components/jobs/accept-button';
import { Conversation, conversationOpen } from '../../components/jobs/conversation';
import { JobStatusBadge } from '../../components/jobs/job-summary';
import { Loaded, Notice, ErrorMessage } from '../../components/status';
import { capitalise } from '../../lib/labels';
import { describeCancellationPaid, describeCancellationRate, describeRating } from '../../lib/institutions';
import { formatShift, priceDetails, JOB_STATUS_LABELS } from '../../lib/jobs';
import { useApi } from '../../lib/use-api';
import { InstitutionJobActions } from '../../components/jobs/institution-actions';
import { ProfessionalJobActions } from '../../components/jobs/professional-actions';
import { InvoiceButton } from '../../components/jobs/invoice-button';
import type { Outcome } from '../../components/jobs/outcome';
import { BlockButton, FavouriteToggle, useFavouriteIds } from '../../components/favourites';
import { formatKampalaTime } from '../../lib/format';

const ARRIVAL_NOTICES: Record<string, string> = { posted: 'Your job is posted.', edited: 'Your changes are saved.' };

export default function JobPage() {
  const { id } = useParams<{ id: string }>();
  const session = useSession();
  const search = new URLSearchParams(useSearch());
  const arrival = Object.keys(ARRIVAL_NOTICES).find((key) => search.has(key));
  const job = useApi<JobView>(`/jobs/${id}`);
  const [outcome, setOutcome] = useState<Outcome | undefined>(arrival ? { text: ARRIVAL_NOTICES[arrival]! } : undefined);
  const user = session.status === 'signed-in' ? session.user : undefined;

  function report(next: Outcome) {
    setOutcome(next);
    job.reload();
    window.scrollTo({ top: 0 });
  }

  return (
    <Loaded resource={job} label="Loading the job…">
      {(loaded) => (
        <>
          <h1>
            {capitalise(loaded.role)} at {loaded.institutionName} <JobStatusBadge status={loaded.status} />
          </h1>
          {outcome &&
            (outcome.error ? (
              <ErrorMessage error={outcome.text} />
            ) : (
              <Notice>
                <p>{outcome.text}</p>
              </Notice>
            ))}
          {user?.id === loaded.institutionId && loaded.headStartEndsAt && (
            <Notice>
              <p>
                Only your favourite professionals can see this shift until {formatKampalaTime(loaded.headStartEndsAt)}, Kampala time; then
                it is offered to the best matches too.
              </p>
            </Notice>
          )}
          {user?.role === 'professional' && loaded.headStartEndsAt && (
            <Notice>
              <p>
                {loaded.institutionName} offered this shift to you first: only its favourite professionals can see it until{' '}
                {formatKampalaTime(loaded.headStartEndsAt)}, Kampala time.
              </p>
            </Notice>
          )}
          <JobFacts job={loaded} forOwner={user?.id === loaded.institutionId} forProfessional={user?.role === 'professional'} />
          {loaded.institutionContact && <WhereToGo contact={loaded.institutionContact} />}
          {user?.role === 'professional' && (
            <ProfessionalJobActions job={loaded} user={user} onOutcome={report}>
              {loaded.status === 'open' && (
                <AcceptButton
                  job={loaded}
                  onAccepted={() => report({ text: 'The shift is yours. The institution has been told and will pay through PesaPal.' })}
                  onRefused={(text) => report({ text, error: true })}
                />
              )}
            </ProfessionalJobActions>
          )}
          {user?.role === 'institution' && user.id === loaded.institutionId && (
            <InstitutionJobActions job={loaded} userId={user.id} onOutcome={report} />
          )}
          {user?.role === 'institution' && user.id === loaded.institutionId && loaded.assignee && (
            <AssigneeRelations assignee={loaded.assignee} onOutcome={setOutcome} />
          )}
          {user?.role === 'professional' && (
            <section className="card" aria-labelledby="block-heading">
              <h2 id="block-heading">Not for you?</h2>
              <BlockButton
                userId={loaded.institutionId}
                name={loaded.institutionName}
                onBlocked={() => setOutcome({ text: `You blocked ${loaded.institutionName}. You can undo this on your account page.` })}
              />
            </section>
          )}
          {user?.role === 'admin' && <InvoiceButton job={loaded} />}
          {user && conversationOpen(loaded, user) && <Conversation job={loaded} user={user} />}
          {user && <BackLink user={user} />}
        </>
      )}
    </Loaded>
  );
}

/** A phone and an email as links, for whichever of them the viewer may see. */
function contactRows({ phone, email }: { phone: string | null; email: string | null }): [string, ReactNode][] {
  return [
    ...(phone ? [['Phone', <a href={`tel:${phone}`}>{phone}</a>] as [string, ReactNode]] : []),
    ...(email ? [['Email', <a href={`mailto:${email}`}>{email}</a>] as [string, ReactNode]] : []),
  ];
}

/** The institution's rating and cancellation rate, for a professional deciding whether to take the shift. */
function standingRows({ institutionStanding: standing }: JobView): [string, string][] {
  if (!standing) return [];
  return [
    ['Its rating', describeRating(standing)],
    ['Its cancellations', describeCancellationRate(standing.cancellationRate)],
  ];
}

function JobFacts({ job, forOwner, forProfessional }: { job: JobView; forOwner: boolean; forProfessional: boolean }) {
  return (
    <section className="card" aria-label="Shift details">
      <Details
        items={[
          ['When', formatShift(job)],
          ...priceDetails(job),
          ['District', job.district],
          ['Institution', <Link href={`/institutions/${job.institutionId}`}>{describeInstitution(job)}</Link>],
          ...(forProfessional ? standingRows(job) : []),
          ...(job.status === 'cancelled' && job.cancellation && job.cancellation.payPercent > 0
            ? [['Late cancellation', describeCancellationPaid(job.cancellation, forOwner)] as [string, string]]
            : []),
          ['State', JOB_STATUS_LABELS[job.status]],
          ...(job.funded && job.status === 'open'
            ? [['Payment', 'Already paid for: whoever accepts it is booked at once'] as [string, string]]
            : []),
          ...(job.skills.length > 0 ? [['Skills wanted', job.skills.join(', ')] as [string, string]] : []),
          ...(job.assignee ? [['Professional', job.assignee.name] as [string, string], ...contactRows(job.assignee)] : []),
          ...(job.cancelReason ? [['Reason for cancelling', job.cancelReason] as [string, string]] : []),
        ]}
      />
      {job.description && (
        <>
          <h2>Description</h2>
          {/* Plain text as written: line breaks kept, nothing interpreted as markup. */}
          <p className="plain-text">{job.description}</p>
        </>
      )}
    </section>
  );
}

/** "St Mary's, a school in Wakiso": the type and area, never the street address (only the assignee gets that). */
function describeInstitution({ institutionName, institutionType, institutionDistrict }: JobView): string {
  if (!institutionType || !institutionDistrict) return institutionName;
  return `${institutionName}, a ${institutionType} in ${institutionDistrict}`;
}

/** Where the assignee goes and whom they ask for there. */
function WhereToGo({ contact }: { contact: NonNullable<JobView['institutionContact']> }) {
  return (
    <section className="card" aria-labelledby="where-heading">
      <h2 id="where-heading">Where to go</h2>
      <Details
        items={[
          ['Institution', contact.name],
          ...(contact.address ? [['Address', contact.address] as [string, string]] : []),
          ['Ask for', contact.contactName],
          ...contactRows(contact),
        ]}
      />
    </section>
  );
}

/** The owner's favourite mark and block for the professional who took the shift. */
function AssigneeRelations({ assignee, onOutcome }: { assignee: NonNullable<JobView['assignee']>; onOutcome: (outcome: Outcome) => void }) {
  const favourites = useFavouriteIds();
  return (
    <section className="card" aria-labelledby="assignee-heading">
      <h2 id="assignee-heading">{assignee.name} and your future shifts</h2>
      {favourites && <FavouriteToggle professionalId={assignee.id} name={assignee.name} initial={favourites.has(assignee.id)} />}
      <BlockButton
        userId={assignee.id}
        name={assignee.name}
        onBlocked={() =>
          onOutcome({ text: `You blocked ${assignee.name}. This shift stays booked; you can undo the block on your account page.` })
        }
      />
    </section>
  );
}

function BackLink({ user }: { user: User }) {
  if (user.role === 'admin') return <Link href="/admin/jobs">All jobs</Link>;
  return <Link href="/jobs/mine">{user.role === 'institution' ? 'Your jobs' : 'Your shifts'}</Link>;
}
