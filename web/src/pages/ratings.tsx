import type { RatingView } from '@contracts/ratings';
import { useSession } from '../api/session';
import { PagedItems } from '../components/load-more';
import { formatKampalaDate } from '../lib/format';
import { usePagedApi } from '../lib/use-paged-api';

export default function Ratings() {
  const session = useSession();
  const me = session.status === 'signed-in' ? session.user.id : null;
  const ratings = usePagedApi<RatingView>(me && `/professionals/${me}/ratings`);
  return (
    <>
      <h1>Your ratings</h1>
      <p className="lead">
        What institutions said after your shifts, newest first. Ratings count for a fifth of how you rank for new shifts.
      </p>
      <PagedItems resource={ratings} label="Loading your ratings…" empty="No ratings yet. Institutions rate you once a shift is completed.">
        {(rating) => (
          <li key={rating.id} className="card">
            <h2>
              <Stars count={rating.stars} /> from {rating.raterName}
            </h2>
            {rating.comment && <p className="plain-text">{rating.comment}</p>}
            <p className="notice-meta">{formatKampalaDate(rating.createdAt)}</p>
          </li>
        )}
      </PagedItems>
    </>
  );
}

/** "★★★★☆" for the eye, "4 of 5 stars" for screen readers. */
export function Stars({ count }: { count: number }) {
  return (
    <>
      <span aria-hidden="true" className="stars">
        {'★'.repeat(count)}
        {'☆'.repeat(5 - count)}
      </span>
      <span className="visually-hidden">{count} of 5 stars</span>
    </>
  );
}
