import { lazy, Suspense, type ReactNode } from 'react';
import { Redirect, useLocation, useSearch } from 'wouter';
import { restoreSession } from '../api/auth';
import { useSession } from '../api/session';
import { HOME_PATH, mayOpen, type Access } from '../routes';
import { ErrorMessage, Loading } from './status';

const OfflineShiftList = lazy(() => import('./offline-shifts'));

/** The page when the session may open it; otherwise the way there (sign in) or a clear refusal. */
export function Guard({ access, children }: { access: Access; children: ReactNode }) {
  const session = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (access === 'anyone' || mayOpen(access, session)) return <>{children}</>;

  if (access === 'guest') return <Redirect to={safeNext(new URLSearchParams(search).get('next'))} replace />;
  if (session.status === 'restoring') return <Loading label="Checking your session…" />;
  if (session.status === 'unreachable')
    return (
      <>
        <ErrorMessage error={session.message} onRetry={() => void restoreSession()} />
        <Suspense fallback={null}>
          <OfflineShiftList />
        </Suspense>
      </>
    );
  if (session.status === 'signed-out')
    return <Redirect to={`/login?next=${encodeURIComponent(location + (search ? `?${search}` : ''))}`} replace />;
  return (
    <section>
      <h1>Not available to your account</h1>
      <p>This page is for other kinds of account. Your own pages are in the menu.</p>
    </section>
  );
}

/** Only a path inside this app, so a crafted `?next=` cannot send people to another site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : HOME_PATH;
}
