import type { FavouriteView } from '@contracts/favourites';
import { useState } from 'react';
import { api } from '../api/client';
import { useAction } from '../lib/use-action';
import { useApi } from '../lib/use-api';
import type { Page } from '../lib/use-paged-api';
import { ConfirmButton } from './confirm-button';
import { ErrorMessage } from './status';

/** The ids of the institution's favourites (the first hundred), for marking them where professionals are listed. */
export function useFavouriteIds(): Set<string> | undefined {
  const favourites = useApi<Page<FavouriteView>>('/me/favourites?limit=100');
  return favourites.status === 'ready' ? new Set(favourites.data.items.map((item) => item.professionalId)) : undefined;
}

/** Adds a professional to the institution's favourites, or removes them, saying what that means. */
export function FavouriteToggle({ professionalId, name, initial }: { professionalId: string; name: string; initial: boolean }) {
  const [favourite, setFavourite] = useState(initial);
  const { run, pending, error } = useAction(async () => {
    if (favourite) await api.delete(`/me/favourites/${professionalId}`);
    else await api.put(`/me/favourites/${professionalId}`, undefined);
    setFavourite(!favourite);
  });
  return (
    <div className="favourite-toggle">
      <p role="status">
        {favourite
          ? `${name} is one of your favourites: they see and are offered your new shifts first.`
          : `${name} is not one of your favourites.`}
      </p>
      <button type="button" className="button button-secondary" onClick={() => void run()} disabled={pending}>
        {favourite ? `Remove ${name} from favourites` : `Add ${name} to favourites`}
      </button>
      {error && <ErrorMessage error={`Your favourites could not be changed: ${error.message}`} />}
    </div>
  );
}

/** Blocks the other party after asking; `onBlocked` says what happened. */
export function BlockButton({ userId, name, onBlocked }: { userId: string; name: string; onBlocked: () => void }) {
  const [error, setError] = useState<string>();
  return (
    <div className="block-action">
      <ConfirmButton
        danger
        copy={{
          ask: `Block ${name}`,
          question: `You and ${name} will no longer see, match or take each other's shifts. A shift already booked between you stays booked. You can undo this on your account page.`,
          confirm: `Yes, block ${name}`,
          keep: 'Keep things as they are',
          group: `Block ${name}`,
        }}
        onConfirm={async () => {
          setError(undefined);
          try {
            await api.put(`/me/blocks/${userId}`, undefined);
            onBlocked();
          } catch (caught) {
            setError(`${name} could not be blocked: ${(caught as Error).message}`);
          }
        }}
      />
      {error && <ErrorMessage error={error} />}
    </div>
  );
}
