import { sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../platform/db.js';
import { EXPERIENCE_CAP_YEARS, MATCH_WEIGHTS, RATING_PRIOR } from './weights.js';

export interface BaseWeights {
  experience: number;
  rating: number;
  experienceCapYears: number;
  priorStars: number;
  priorWeight: number;
}

export const CURRENT_BASE_WEIGHTS: BaseWeights = {
  experience: MATCH_WEIGHTS.experience,
  rating: MATCH_WEIGHTS.rating,
  experienceCapYears: EXPERIENCE_CAP_YEARS,
  priorStars: RATING_PRIOR.stars,
  priorWeight: RATING_PRIOR.weight,
};

/**
 * Makes the database's copy of the weights (`match_weights`, which the triggers compute `base`
 * with) equal weights.ts, and recomputes every stored `base` when they differed: tuning stays an
 * edit of weights.ts and a restart. Runs at start, under the migration lock. Returns whether anything changed.
 */
export async function syncMatchWeights(db: Executor, weights: BaseWeights = CURRENT_BASE_WEIGHTS): Promise<boolean> {
  return db.transaction(async (tx) => {
    const changed = rowsOf(
      await tx.execute(sql`
        UPDATE match_weights SET experience = ${weights.experience}, rating = ${weights.rating},
          experience_cap_years = ${weights.experienceCapYears}, prior_stars = ${weights.priorStars}, prior_weight = ${weights.priorWeight}
        WHERE (experience, rating, experience_cap_years, prior_stars, prior_weight)
          IS DISTINCT FROM (${weights.experience}::float8, ${weights.rating}::float8, ${weights.experienceCapYears}::int, ${weights.priorStars}::float8, ${weights.priorWeight}::float8)
        RETURNING 1`),
    );
    if (changed.length === 0) return false;
    await tx.execute(sql`
      UPDATE match_candidates c SET base = match_base(p.experience_years, u.rating_sum, u.rating_count)
      FROM professionals p JOIN users u ON u.id = p.user_id
      WHERE p.user_id = c.professional_id`);
    return true;
  });
}
