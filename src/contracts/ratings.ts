import { z } from 'zod';
import { KeysetPageQuery, plainText } from './common.js';

export const RatingBody = z.object({
  stars: z.number().int('Whole stars only, 1 to 5').min(1, 'At least 1 star').max(5, 'At most 5 stars'),
  comment: plainText(1000).default(''),
});
export type RatingBody = z.output<typeof RatingBody>;

export const RatingView = z
  .object({
    id: z.uuid(),
    jobId: z.uuid(),
    stars: z.number().int(),
    comment: z.string(),
    raterId: z.uuid(),
    /** "Former user" once the rater erased their account. */
    raterName: z.string(),
    rateeId: z.uuid(),
    createdAt: z.string(),
  })
  .meta({ id: 'Rating' });
export type RatingView = z.output<typeof RatingView>;

export const RatingsQuery = KeysetPageQuery;

/** An average of stars to two decimals, or null before the first rating. */
export const ratingAverage = (sum: number, count: number): number | null => (count > 0 ? Math.round((sum / count) * 100) / 100 : null);
