import type { PagedList } from '../lib/use-paged-api';
import { ErrorMessage } from './status';

/** The end of a paged list: a button for the next page while there is one. */
export function LoadMore({ list, label = 'Show more' }: { list: PagedList<unknown>; label?: string }) {
  if (!list.loadMore) return null;
  return (
    <>
      {list.moreError && <ErrorMessage error={list.moreError} />}
      <button type="button" className="button button-secondary" onClick={list.loadMore} disabled={list.loadingMore}>
        {list.loadingMore ? 'Loading…' : label}
      </button>
    </>
  );
}
