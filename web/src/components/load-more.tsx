import type { ReactNode } from 'react';
import type { Resource } from '../lib/use-api';
import type { PagedList } from '../lib/use-paged-api';
import { ErrorMessage, Loaded } from './status';

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

/** A cursor-paged list once loaded: a sentence when it is empty, else its items and the button for more. */
export function PagedItems<T>({
  resource,
  label,
  empty,
  children,
}: {
  resource: Resource<PagedList<T>>;
  label: string;
  empty: ReactNode;
  children: (item: T) => ReactNode;
}) {
  return (
    <Loaded resource={resource} label={label}>
      {(list) =>
        list.items.length === 0 ? (
          <p>{empty}</p>
        ) : (
          <>
            <ul className="plain-list">{list.items.map(children)}</ul>
            <LoadMore list={list} />
          </>
        )
      }
    </Loaded>
  );
}
