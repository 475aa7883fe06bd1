import type { MatchView } from '@contracts/jobs';
import { Details } from '../details';
import { Loaded } from '../status';
import { formatUGX } from '../../lib/format';
import { capitalise, describeRating } from '../../lib/labels';
import { FavouriteToggle, useFavouriteIds } from '../favourites';
import { useApi } from '../../lib/use-api';
import { ScoreBar } from './score-bar';

/** Verified professionals free for the job, best match first. */
export function Matches({ jobId }: { jobId: string }) {
  const matches = useApi<{ items: MatchView[] }>(`/jobs/${jobId}/matches`);
  const favourites = useFavouriteIds();
  return (
    <Loaded resource={matches} label="Ranking professionals…">
      {({ items }) =>
        items.length === 0 ? (
          <p>No verified professional with this role is free at that time yet.</p>
        ) : (
          <ol className="plain-list">
            {items.map((match) => (
              <li key={match.professionalId} className="card">
                <h3>{match.name}</h3>
                <Details
                  items={[
                    ['Roles', match.roles.map(capitalise).join(', ')],
                    ['Experience', `${match.experienceYears} ${match.experienceYears === 1 ? 'year' : 'years'}`],
                    ['Rating', describeRating(match)],
                    ['Reliability', `${match.reliabilityScore} of 100`],
                    ['District', match.district ?? '—'],
                    ['Usual rate', match.rateAmount === null ? '—' : `${formatUGX(match.rateAmount)} per ${match.rateUnit ?? 'day'}`],
                  ]}
                />
                <ScoreBar score={match.score} parts={match.parts} rated={match.ratingCount > 0} />
                {favourites && (
                  <FavouriteToggle professionalId={match.professionalId} name={match.name} initial={favourites.has(match.professionalId)} />
                )}
              </li>
            ))}
          </ol>
        )
      }
    </Loaded>
  );
}
