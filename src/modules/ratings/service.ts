import type { z } from 'zod';
import type { KeysetPageQuery } from '../../contracts/common.js';
import type { RatingBody, RatingView } from '../../contracts/ratings.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { violatedUniqueConstraint } from '../../platform/db-errors.js';
import { AppError, notFound } from '../../platform/errors.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { contactOf } from '../accounts/service.js';
import { jobParties } from '../jobs/service.js';
import { notify } from '../notifications/service.js';
import * as repo from './repository.js';

function toRatingView(row: repo.RatingWithRater): RatingView {
  return {
    id: row.id,
    jobId: row.jobId,
    stars: row.stars,
    comment: row.comment,
    raterId: row.raterId,
    raterName: row.raterName,
    rateeId: row.rateeId,
    createdAt: row.createdAt.toISOString(),
  };
}

/** SRS 7: the job's institution and its assignee rate each other once, after completion. */
export async function rateJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string, body: RatingBody): Promise<RatingView> {
  const parties = await jobParties(ctx.db, jobId);
  if (!parties) throw notFound('Job');
  const { job, assigneeId } = parties;
  if (caller.id !== job.institutionId && caller.id !== assigneeId) {
    throw new AppError('forbidden', 'not-a-party', 'Only the institution and the professional who worked this shift can rate it');
  }
  if (job.status !== 'completed' || !assigneeId) {
    throw new AppError('conflict', 'job-not-completed', `This job is ${job.status}; it can be rated once it is completed`, {
      currentStatus: job.status,
    });
  }
  const rateeId = caller.id === job.institutionId ? assigneeId : job.institutionId;
  const rater = await contactOf(ctx.db, caller.id);
  const row = await ctx.db
    .transaction(async (tx) => {
      const rating = await repo.insertRating(tx, { jobId, raterId: caller.id, rateeId, stars: body.stars, comment: body.comment });
      await repo.addToTotals(tx, rateeId, body.stars);
      await notify(ctx, tx, {
        userId: rateeId,
        type: 'rating.received',
        data: { jobId, jobRole: job.role, startsAt: job.startsAt.toISOString(), stars: body.stars, raterName: rater?.name },
      });
      return rating;
    })
    .catch((error: unknown) => {
      if (violatedUniqueConstraint(error) === 'ratings_job_rater_key')
        throw new AppError('conflict', 'already-rated', 'You have already rated this job');
      throw error;
    });
  return toRatingView({ ...row, raterName: rater?.name ?? 'Former user' });
}

/** GET /jobs/{id}/ratings: the ratings the two parties gave each other, for them and administrators. */
export async function ratingsOfJob(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<RatingView[]> {
  const parties = await jobParties(ctx.db, jobId);
  const mayRead = parties && (caller.role === 'admin' || caller.id === parties.job.institutionId || caller.id === parties.assigneeId);
  if (!mayRead) throw notFound('Job');
  return (await repo.ratingsOfJob(ctx.db, jobId)).map(toRatingView);
}

/** GET /professionals/{id}/ratings: what they received, newest first. */
export async function ratingsReceived(ctx: AppContext, userId: string, query: z.output<typeof KeysetPageQuery>): Promise<Page<RatingView>> {
  const after = query.cursor ? await repo.findRating(ctx.db, query.cursor) : undefined;
  const rows = await repo.ratingsReceived(ctx.db, userId, query.limit, after);
  return keysetPage(rows, query.limit, (row) => row.id, toRatingView);
}

/** Two hours after completion: a reminder to each party who has not rated yet. */
export async function remindToRate(ctx: AppContext, jobId: string): Promise<void> {
  const parties = await jobParties(ctx.db, jobId);
  if (!parties?.assigneeId || parties.job.status !== 'completed') return;
  const { job, assigneeId } = parties;
  const rated = await repo.ratersOf(ctx.db, jobId);
  const pairs = [
    [job.institutionId, assigneeId],
    [assigneeId, job.institutionId],
  ] as const;
  await ctx.db.transaction(async (tx) => {
    for (const [userId, otherId] of pairs) {
      if (rated.includes(userId)) continue;
      const other = await contactOf(tx, otherId);
      await notify(ctx, tx, {
        userId,
        type: 'rating.reminder',
        data: { jobId, jobRole: job.role, startsAt: job.startsAt.toISOString(), otherPartyName: other?.name ?? 'Former user' },
      });
    }
  });
}

export async function exportRatings(ctx: AppContext, userId: string): Promise<RatingView[]> {
  return (await repo.ratingsInvolving(ctx.db, userId)).map(toRatingView);
}
