import type { FormEvent, ReactNode } from 'react';
import { useLocation } from 'wouter';
import { formQuery, withQuery } from '../lib/query';

/**
 * Filters of a list, kept in the page's address (so a filtered list can be bookmarked or shared):
 * applying them navigates to `path?…` with the non-empty fields. Give the fields their current values
 * from the address as defaults.
 */
export function FilterForm({ path, label, children }: { path: string; label: string; children: ReactNode }) {
  const [, navigate] = useLocation();
  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    navigate(withQuery(path, formQuery(new FormData(event.currentTarget))));
  }
  return (
    <form role="search" aria-label={label} className="filter-form" onSubmit={apply}>
      <div className="filter-fields">{children}</div>
      <div className="actions">
        <button type="submit" className="button">
          Apply
        </button>
        <button type="button" className="button button-secondary" onClick={() => navigate(path)}>
          Clear
        </button>
      </div>
    </form>
  );
}
