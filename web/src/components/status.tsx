import type { ReactNode } from 'react';
import type { ApiError } from '../api/problem';
import type { Resource } from '../lib/use-api';
import type { Outcome } from './jobs/outcome';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }: { error: ApiError | string; onRetry?: () => void }) {
  return (
    <div className="message message-error" role="alert">
      <p>{typeof error === 'string' ? error : error.message}</p>
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="message message-info" role="status">
      {children}
    </div>
  );
}

/** What an action reported: an error as an alert, anything else as a notice. */
export function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  return outcome.error ? (
    <ErrorMessage error={outcome.text} />
  ) : (
    <Notice>
      <p>{outcome.text}</p>
    </Notice>
  );
}

/** Renders a `useApi` resource: a loading line, the error with a retry button, or the children with the data. */
export function Loaded<T>({ resource, label, children }: { resource: Resource<T>; label?: string; children: (data: T) => ReactNode }) {
  if (resource.status === 'loading') return <Loading label={label} />;
  if (resource.status === 'error') return <ErrorMessage error={resource.error} onRetry={resource.reload} />;
  return <>{children(resource.data)}</>;
}
