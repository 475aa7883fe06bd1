import { useState } from 'react';
import { api } from '../api/client';
import { asApiError, type ApiError } from '../api/problem';
import { useApi, type Resource } from './use-api';
import { withQuery } from './query';

/** One page of a list from the API (`page(item)` in the contracts). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface Continuation<T> {
  /** The first page these follow: a reload of it drops them. */
  after: Page<T>;
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  /** Undefined when the list is complete. */
  loadMore?: () => void;
  loadingMore: boolean;
  moreError?: ApiError;
}

/** `useApi` for a cursor-paged list: the first page, then the following pages on demand. */
export function usePagedApi<T>(path: string | null): Resource<PagedList<T>> {
  const first = useApi<Page<T>>(path);
  const [more, setMore] = useState<Continuation<T>>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError>();
  if (first.status !== 'ready') return first;

  const firstPage = first.data;
  const continuation = more?.after === firstPage ? more : undefined;
  const items = continuation ? [...firstPage.items, ...continuation.items] : firstPage.items;
  const nextCursor = continuation ? continuation.nextCursor : firstPage.nextCursor;

  async function loadMore(cursor: string) {
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const [base = '', search] = (path ?? '').split('?');
      const next = await api.get<Page<T>>(withQuery(base, { ...Object.fromEntries(new URLSearchParams(search)), cursor }));
      setMore({ after: firstPage, items: [...(continuation?.items ?? []), ...next.items], nextCursor: next.nextCursor });
    } catch (error) {
      setMoreError(asApiError(error));
    } finally {
      setLoadingMore(false);
    }
  }

  return {
    status: 'ready',
    reload: first.reload,
    data: { items, loadMore: nextCursor ? () => void loadMore(nextCursor) : undefined, loadingMore, moreError },
  };
}
