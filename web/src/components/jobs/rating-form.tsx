import { RatingBody, type RatingView } from '@contracts/ratings';
import { api } from '../../api/client';
import { RadioGroup, TextAreaField } from '../fields';
import { Form } from '../form';
import { validate } from '../../lib/validate';

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
