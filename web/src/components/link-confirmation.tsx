import { useEffect, useState, type ReactNode } from 'react';
import { useSearch } from 'wouter';
import { api } from '../api/client';
import { asApiError, type ApiError } from '../api/problem';
import { ErrorMessage, Loading, Notice } from './status';

// One request per token for the page's life: a link works once, so a second render must not spend it again.
const confirmations = new Map<string, Promise<void>>();

function confirmOnce(endpoint: string, token: string): Promise<void> {
  const key = `${endpoint} ${token}`;
  let confirmation = confirmations.get(key);
  if (!confirmation) {
    confirmation = api.post<void>(endpoint, { token });
    confirmations.set(key, confirmation);
  }
  return confirmation;
}

/** A page a mailed link opens: it sends the link's token to `endpoint` at once and tells the outcome. */
export function LinkConfirmation({ endpoint, pending, done }: { endpoint: string; pending: string; done: ReactNode }) {
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [outcome, setOutcome] = useState<'pending' | 'done' | ApiError>('pending');

  useEffect(() => {
    if (!token) return;
    confirmOnce(endpoint, token).then(
      () => setOutcome('done'),
      (error: unknown) => setOutcome(asApiError(error)),
    );
  }, [endpoint, token]);

  if (!token) return <ErrorMessage error="This link is incomplete. Open the link from the email again." />;
  if (outcome === 'pending') return <Loading label={pending} />;
  if (outcome === 'done') return <Notice>{done}</Notice>;
  return <ErrorMessage error={outcome} />;
}
