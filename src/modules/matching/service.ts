import type { MatchView, RecommendedJobView } from '../../contracts/jobs.js';
import { ratingAverage } from '../../contracts/ratings.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Answer } from '../../platform/response-cache.js';
import { jobForOwner, jobViewsByIds, type JobRow } from '../jobs/service.js';
import type { Executor } from '../../platform/db.js';
import * as repo from './repository.js';
import { scoreView } from './weights.js';

/** GET /jobs/{id}/matches: the professionals best suited and free for the owner's job. */
export async function matchesForJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string, limit: number): Promise<MatchView[]> {
  const job = await jobForOwner(ctx.db, caller, jobId);
  const rows = await repo.rankProfessionals(ctx.db, job, limit);
  return rows.map((row) => ({
    professionalId: row.id,
    name: row.name,
    roles: row.roles,
    skills: row.skills,
    experienceYears: row.experience_years,
    district: row.district,
    rateAmount: row.rate_amount,
    rateUnit: row.rate_unit,
    ratingAverage: ratingAverage(row.rating_sum, row.rating_count),
    ratingCount: row.rating_count,
    reliabilityScore: row.reliability_score,
    ...scoreView(row),
  }));
}

/**
 * GET /me/recommended-jobs: open shifts the professional can take, best match first. The list holds
 * until a write bumps the cache version, or until its soonest shift starts and so leaves it.
 */
export async function recommendedJobs(
  ctx: AppContext,
  caller: AuthenticatedUser,
  limit: number,
): Promise<Answer<{ items: RecommendedJobView[] }>> {
  const rows = await repo.rankJobsFor(ctx.db, caller.id, limit);
  const views = await jobViewsByIds(
    ctx.db,
    caller,
    rows.map((row) => row.job_id),
  );
  const items = rows.flatMap((row) => {
    const job = views.get(row.job_id);
    return job ? [{ job, ...scoreView(row), ratingCount: row.rating_count }] : [];
  });
  const soonest = items.length > 0 ? Math.min(...items.map((item) => Date.parse(item.job.startsAt))) : undefined;
  return { value: { items }, expiresAt: soonest };
}

/** The professionals best suited and free for a job, best first, by the same ranking as GET /jobs/{id}/matches. */
export async function bestProfessionalIdsFor(db: Executor, job: JobRow, limit: number): Promise<string[]> {
  return (await repo.rankProfessionals(db, job, limit)).map((row) => row.id);
}
