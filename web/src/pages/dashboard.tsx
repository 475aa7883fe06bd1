import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { Me } from '../api/auth';
import type { UserRole } from '../api/session';
import { Details } from '../components/details';
import { ConsentPrompt } from '../components/consent-prompt';
import { Loaded } from '../components/status';
import { formatKampalaDate } from '../lib/format';
import { ROLE_LABELS, STATUS_LABELS } from '../lib/labels';
import { useApi } from '../lib/use-api';

const ROLE_INTRODUCTIONS: Record<UserRole, ReactNode> = {
  institution:
    'As an institution you post shifts, choose among verified professionals ranked for each shift, pay through PesaPal and rate the work.',
  professional:
    'As a professional you get verified once, then see and accept the shifts that match your skills, district and free hours, and get paid when they are done.',
  admin: 'As an administrator you verify professionals’ documents, look after accounts, and follow jobs, payments and the audit log.',
};

export default function Dashboard() {
  const me = useApi<Me>('/me');
  return (
    <Loaded resource={me} label="Loading your account…">
      {({ user, consent }) => (
        <>
          <h1>Welcome, {user.name}</h1>
          <p className="lead">{ROLE_INTRODUCTIONS[user.role]}</p>
          <ConsentPrompt consent={consent} onAccepted={me.reload} />
          <section className="card" aria-labelledby="summary-heading">
            <h2 id="summary-heading">Your account</h2>
            <Details
              items={[
                ['Account type', ROLE_LABELS[user.role]],
                ['Status', STATUS_LABELS[user.status] ?? user.status],
                ['Member since', formatKampalaDate(user.createdAt)],
              ]}
            />
            <p>
              <Link href="/account">See all your account details</Link>
            </p>
            {user.role === 'professional' && (
              <p>
                <Link href="/reliability">See your reliability score and what changed it</Link>
              </p>
            )}
          </section>
        </>
      )}
    </Loaded>
  );
}
