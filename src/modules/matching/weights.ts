import { sql, type SQL } from 'drizzle-orm';

/** SRS 5.5: score = 0.5·skill + 0.3·experience + 0.2·rating; tune here and nowhere else. */
export const MATCH_WEIGHTS = { skill: 0.5, experience: 0.3, rating: 0.2 } as const;

/** Experience counts up to this many years, then saturates. */
export const EXPERIENCE_CAP_YEARS = 10;

/**
 * Bayesian smoothing of the rating average: every professional starts with `weight` imaginary
 * ratings of `stars`, so one 5-star rating does not outrank twenty 4.8s.
 */
export const RATING_PRIOR = { stars: 3.5, weight: 3 } as const;

/** The weights of the score without its skill part: what match_candidates.base stores. */
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

const constant = (value: number) => sql.raw(String(value));

/** min(years, cap) / cap, in [0, 1]. */
function experiencePartSql(years: SQL, weights: BaseWeights): SQL {
  return sql`least(${years}, ${constant(weights.experienceCapYears)})::float8 / ${constant(weights.experienceCapYears)}`;
}

/** The smoothed rating average mapped from 1–5 stars to [0, 1]. */
function ratingPartSql(ratingSum: SQL, ratingCount: SQL, weights: BaseWeights): SQL {
  return sql`((${constant(weights.priorStars * weights.priorWeight)} + ${ratingSum})::float8 / (${constant(weights.priorWeight)} + ${ratingCount}) - 1) / 4`;
}

/**
 * The score without its skill part, the body of the SQL function match_base() that the matching
 * triggers store in match_candidates.base; syncMatchBase (re)creates the function from it.
 */
export function baseScoreSql(experienceYears: SQL, ratingSum: SQL, ratingCount: SQL, weights: BaseWeights = CURRENT_BASE_WEIGHTS): SQL {
  return sql`${constant(weights.experience)} * ${experiencePartSql(experienceYears, weights)} + ${constant(weights.rating)} * (${ratingPartSql(ratingSum, ratingCount, weights)})`;
}

/** Column expressions the score is computed from, as SQL over the query's own aliases. */
export interface ScoreInputs {
  jobSkills: SQL;
  professionalSkills: SQL;
  experienceYears: SQL;
  ratingSum: SQL;
  ratingCount: SQL;
}

/**
 * The three parts, each in [0, 1], as SQL select items `skill_part`, `experience_part`,
 * `rating_part`: skill = share of the job's skills held (1 when it lists none); experience =
 * min(years, cap) / cap; rating = the smoothed average mapped from 1–5 stars to [0, 1].
 */
export function scorePartsSql(input: ScoreInputs): SQL {
  return sql`
    ${skillPartSql(input.jobSkills, input.professionalSkills)} AS skill_part,
    ${experiencePartSql(input.experienceYears, CURRENT_BASE_WEIGHTS)} AS experience_part,
    ${ratingPartSql(input.ratingSum, input.ratingCount, CURRENT_BASE_WEIGHTS)} AS rating_part`;
}

/** The share of the job's skills the professional holds, 1 when the job lists none. */
export function skillPartSql(jobSkills: SQL, professionalSkills: SQL): SQL {
  return sql`CASE WHEN cardinality(${jobSkills}) = 0 THEN 1.0
         ELSE (SELECT count(*) FROM unnest(${jobSkills}) AS wanted(skill) WHERE wanted.skill = ANY(${professionalSkills}))::float8 / cardinality(${jobSkills})
    END`;
}

/** The weighted sum of the parts selected by `scorePartsSql`, as an ORDER BY / select expression. */
export const scoreSql = sql.raw(
  `(${MATCH_WEIGHTS.skill} * skill_part + ${MATCH_WEIGHTS.experience} * experience_part + ${MATCH_WEIGHTS.rating} * rating_part)`,
);

export interface ScoreRow {
  skill_part: number;
  experience_part: number;
  rating_part: number;
  score: number;
}

const rounded = (value: number) => Math.round(Number(value) * 10_000) / 10_000;

export function scoreView(row: ScoreRow) {
  return {
    score: rounded(row.score),
    parts: { skill: rounded(row.skill_part), experience: rounded(row.experience_part), rating: rounded(row.rating_part) },
  };
}
