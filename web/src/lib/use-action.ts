import { useState } from 'react';
import { asApiError, type ApiError } from '../api/problem';

/** A button's call to the API: whether it is running, and what went wrong the last time. */
export function useAction(action: () => Promise<void>): { run: () => Promise<void>; pending: boolean; error: ApiError | undefined } {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();

  async function run() {
    setPending(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  }

  return { run, pending, error };
}
