import type { FavouriteView } from '@contracts/favourites';
import { PagedItems } from '../components/load-more';
import { Details } from '../components/details';
import { FavouriteToggle } from '../components/favourites';
import { capitalise, describeRating } from '../lib/labels';
import { usePagedApi } from '../lib/use-paged-api';

export default function Favourites() {
  const favourites = usePagedApi<FavouriteView>('/me/favourites');
  return (
    <>
      <h1>Your favourite professionals</h1>
      <p className="lead">
        Your favourites see each new shift you post, and are offered it, a few minutes before anyone else. Add professionals from a job's
        matches or from the page of a shift they worked for you.
      </p>
      <PagedItems resource={favourites} label="Loading your favourites…" empty="You have no favourites yet.">
        {(favourite) => (
          <li key={favourite.professionalId} className="card">
            <h2>{favourite.name}</h2>
            <Details
              items={[
                ['Roles', favourite.roles.map(capitalise).join(', ') || '—'],
                ['Rating', describeRating(favourite)],
                ['Reliability score', `${favourite.reliabilityScore} of 100`],
              ]}
            />
            <FavouriteToggle professionalId={favourite.professionalId} name={favourite.name} initial />
          </li>
        )}
      </PagedItems>
    </>
  );
}
