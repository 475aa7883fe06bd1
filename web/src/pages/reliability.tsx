import { AppealBody, type AppealView, type ReliabilityEventView, type ReliabilityView } from '@contracts/reliability';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../api/client';
import { TextAreaField } from '../components/fields';
import { Form } from '../components/form';
import { describeEvent, formatPoints } from '../components/reliability/event-text';
import { Loaded, Notice } from '../components/status';
import { formatKampalaDateTime } from '../lib/format';
import { useApi } from '../lib/use-api';
import { validate } from '../lib/validate';

/** The professional's reliability score, what changed it, and an appeal for each event that cost points. */
export default function Reliability() {
  const reliability = useApi<ReliabilityView>('/me/reliability');
  return (
    <>
      <h1>Your reliability</h1>
      <p className="lead">
        Institutions see this score beside your name when they choose who to offer a shift. Completed shifts raise it; giving a shift back
        late or not coming lowers it, the later the more.
      </p>
      <Loaded resource={reliability} label="Loading your score…">
        {({ score, restrictedUntil, events }) => (
          <>
            <section className="card" aria-labelledby="score-heading">
              <h2 id="score-heading">Your score is {score} of 100.</h2>
              {restrictedUntil ? (
                <p>
                  Until {formatKampalaDateTime(restrictedUntil)} you see and accept only the shifts of institutions that made you a
                  favourite. An accepted appeal can end this sooner.
                </p>
              ) : (
                <p>You can see and accept every shift you qualify for.</p>
              )}
            </section>
            <h2>What changed it</h2>
            {events.length === 0 ? (
              <p>Nothing has changed your score yet.</p>
            ) : (
              <ol className="plain-list">
                {events.map((event) => (
                  <EventItem key={event.id} event={event} onAppealed={reliability.reload} />
                ))}
              </ol>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

function EventItem({ event, onAppealed }: { event: ReliabilityEventView; onAppealed: () => void }) {
  return (
    <li className="card">
      <h3>
        {describeEvent(event.kind, event.jobRole, event.startsAt)}: {formatPoints(event.points)}.
      </h3>
      <p className="notice-meta">
        {formatKampalaDateTime(event.at)} · <Link href={`/jobs/${event.jobId}`}>See the shift</Link>
      </p>
      {event.appeal && <AppealState appeal={event.appeal} />}
      {event.appealable && <AppealForm event={event} onAppealed={onAppealed} />}
    </li>
  );
}

function AppealState({ appeal }: { appeal: AppealView }) {
  const decision = {
    pending: `You appealed on ${formatKampalaDateTime(appeal.createdAt)}; an administrator will decide.`,
    accepted: 'Your appeal was accepted and the points were given back.',
    rejected: 'Your appeal was not accepted.',
  }[appeal.status];
  return (
    <Notice>
      <p>{decision}</p>
      {appeal.note && <p>Administrator’s note: {appeal.note}</p>}
    </Notice>
  );
}

function AppealForm({ event, onAppealed }: { event: ReliabilityEventView; onAppealed: () => void }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        Appeal…
      </button>
    );
  }
  async function send(data: FormData) {
    await api.post('/me/reliability/appeals', validate(AppealBody, { eventId: event.id, reason: data.get('reason') }));
    onAppealed();
  }
  return (
    <Form label="Appeal this event" onSubmit={send} submitLabel="Send the appeal" pendingLabel="Sending…">
      <TextAreaField
        name="reason"
        label="Why should this not count?"
        hint="An administrator reads it and decides; each event can be appealed once."
        rows={4}
        maxLength={1000}
        required
      />
    </Form>
  );
}
