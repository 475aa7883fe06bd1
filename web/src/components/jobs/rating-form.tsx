import { RatingBody, type RatingView } from '@contracts/ratings';
import { api } from '../../api/client';
import { RadioGroup, TextAreaField } from '../fields';
import { Form } from '../form';
import { useApi } from '../../lib/use-api';
import { validate } from '../../lib/validate';
import { Loaded } from '../status';

const STAR_CHOICES = [1, 2, 3, 4, 5].map((stars) => ({ value: String(stars), label: `${stars} ${stars === 1 ? 'star' : 'stars'}` }));

/** Rates the other party of a completed job, once: 1–5 stars and an optional comment. */
export function RatingForm({ jobId, rateeName, onRated }: { jobId: string; rateeName: string; onRated: (rating: RatingView) => void }) {
  async function rate(data: FormData) {
    const stars = data.get('stars');
    const body = validate(RatingBody, { stars: stars === null ? undefined : Number(stars), comment: data.get('comment') ?? '' });
    onRated(await api.post<RatingView>(`/jobs/${jobId}/ratings`, body));
  }
  return (
    <Form onSubmit={rate} submitLabel="Send rating" pendingLabel="Sending…" label={`Rate ${rateeName}`}>
      <RadioGroup name="stars" legend={`How was ${rateeName}?`} choices={STAR_CHOICES} hint="5 stars is best." />
      <TextAreaField name="comment" label="Comment (optional)" maxLength={1000} rows={3} />
    </Form>
  );
}

/**
 * The rating section of a completed job: the form until the caller has rated the other party
 * (read from the job's ratings, so a reload still knows), then what they gave.
 */
export function RateOtherParty({
  jobId,
  userId,
  rateeName,
  onRated,
}: {
  jobId: string;
  userId: string;
  rateeName: string;
  onRated: () => void;
}) {
  const ratings = useApi<{ items: RatingView[] }>(`/jobs/${jobId}/ratings`);
  return (
    <section className="card" aria-labelledby="rate-heading">
      <h2 id="rate-heading">Rate {rateeName}</h2>
      <Loaded resource={ratings} label="Loading ratings">
        {({ items }) => {
          const mine = items.find((rating) => rating.raterId === userId);
          if (mine)
            return (
              <p>
                You gave {rateeName} {mine.stars} of 5 stars. Thank you.
              </p>
            );
          return (
            <RatingForm
              jobId={jobId}
              rateeName={rateeName}
              onRated={() => {
                ratings.reload();
                onRated();
              }}
            />
          );
        }}
      </Loaded>
    </section>
  );
}
