import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { asApiError, type ApiError } from '../api/problem';

export type Loadable<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };
export type Resource<T> = Loadable<T> & { reload(): void };

interface Settled<T> {
  path: string;
  attempt: number;
  outcome: Loadable<T>;
}

/**
 * GETs `path` (under /api/v1) and follows it: loading until the answer, then data or an error, again
 * when the path changes or `reload()` is called. A reload keeps showing the data it replaces until the
 * new answer arrives, so the page does not flash a loading state and move under the user's finger.
 * `null` loads nothing (stays loading).
 */
export function useApi<T>(path: string | null): Resource<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T>>();

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => setSettled({ path, attempt, outcome: { status: 'ready', data } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled({ path, attempt, outcome: { status: 'error', error: asApiError(error) } });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const samePath = settled?.path === path;
  const current =
    settled && samePath && (settled.attempt === attempt || settled.outcome.status === 'ready')
      ? settled.outcome
      : { status: 'loading' as const };
  return { ...current, reload: () => setAttempt((n) => n + 1) };
}
