import type { z } from 'zod';
import type { KeysetPageQuery } from '../../contracts/common.js';
import type { BlockView, FavouriteView } from '../../contracts/favourites.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { FAVOURITES } from '../reliability/rules.js';
import { notify } from '../notifications/service.js';
import { offerShiftTask } from '../sms/tasks.js';
import * as repo from './repository.js';
import { relationBetween } from './visibility.js';

type PageQuery = z.output<typeof KeysetPageQuery>;

const MINUTE_MS = 60_000;

function toFavouriteView(row: repo.FavouriteRow): FavouriteView {
  return {
    professionalId: row.professionalId,
    name: row.name,
    roles: row.roles,
    ratingAverage: row.ratingCount > 0 ? Math.round((row.ratingSum / row.ratingCount) * 100) / 100 : null,
    ratingCount: row.ratingCount,
    reliabilityScore: row.reliabilityScore,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listFavourites(ctx: AppContext, caller: AuthenticatedUser, query: PageQuery): Promise<Page<FavouriteView>> {
  const rows = await repo.favouritesOf(ctx.db, caller.id, query.limit, query.cursor);
  return keysetPage(rows, query.limit, (row) => row.professionalId, toFavouriteView);
}

/** PUT /me/favourites/{id}: idempotent; 404 for anyone but a professional the institution may see (not blocked either way). */
export async function addFavourite(ctx: AppContext, caller: AuthenticatedUser, professionalId: string): Promise<void> {
  const [isProfessional, relation] = await Promise.all([
    repo.hasRole(ctx.db, professionalId, 'professional'),
    relationBetween(ctx.db, caller.id, professionalId),
  ]);
  if (!isProfessional || relation.blocked) throw notFound('Professional');
  await repo.addFavourite(ctx.db, caller.id, professionalId);
}

export async function removeFavourite(ctx: AppContext, caller: AuthenticatedUser, professionalId: string): Promise<void> {
  await repo.removeFavourite(ctx.db, caller.id, professionalId);
}

export async function listBlocks(ctx: AppContext, caller: AuthenticatedUser, query: PageQuery): Promise<Page<BlockView>> {
  const rows = await repo.blocksOf(ctx.db, caller.id, query.limit, query.cursor);
  return keysetPage(
    rows,
    query.limit,
    (row) => row.userId,
    (row) => ({ ...row, createdAt: row.createdAt.toISOString() }),
  );
}

/** An institution blocks a professional, or a professional an institution (404 for anyone else); a favourite between them goes. */
export async function addBlock(ctx: AppContext, caller: AuthenticatedUser, userId: string): Promise<void> {
  const otherSide = caller.role === 'institution' ? 'professional' : 'institution';
  if (caller.role === 'admin' || !(await repo.hasRole(ctx.db, userId, otherSide))) throw notFound('User');
  await ctx.db.transaction(async (tx) => {
    await repo.addBlock(tx, caller.id, userId);
    await repo.removeFavouriteBetween(tx, caller.id, userId);
  });
}

export async function removeBlock(ctx: AppContext, caller: AuthenticatedUser, userId: string): Promise<void> {
  await repo.removeBlock(ctx.db, caller.id, userId);
}

/**
 * When a shift posted at `postedAt` stops being its favourites' alone: a head start of `minutes`,
 * unless it is off (0), nobody is a favourite, or the shift starts within
 * FAVOURITES.skipWithinHeadStarts head starts of posting (exactly that many included).
 */
export function headStartEnd(startsAt: Date, postedAt: Date, minutes: number, favourites: number): Date | undefined {
  const headStartMs = minutes * MINUTE_MS;
  if (headStartMs === 0 || favourites === 0) return undefined;
  if (startsAt.getTime() - postedAt.getTime() <= FAVOURITES.skipWithinHeadStarts * headStartMs) return undefined;
  return new Date(postedAt.getTime() + headStartMs);
}

export const favouritesForRole = repo.favouritesForRole;

/** Erasure: the user's favourites and blocks, either side. */
export const eraseRelations = repo.deleteRelationsOf;

export interface OfferedJob {
  id: string;
  role: string;
  startsAt: Date;
}

/** At posting, in its transaction: each favourite is told (in the app, by push, and by SMS and email as they chose) the shift is theirs first. */
export async function offerToFavourites(
  ctx: AppContext,
  tx: Transaction,
  job: OfferedJob,
  institutionName: string,
  favouriteIds: readonly string[],
): Promise<void> {
  for (const userId of favouriteIds) {
    await notify(ctx, tx, {
      userId,
      type: 'job.offered',
      data: { jobId: job.id, jobRole: job.role, startsAt: job.startsAt.toISOString(), institutionName },
    });
  }
}

/**
 * Offers an open job to its best matches (FAVOURITES.offeredMatches, by the matching module's
 * ranking: by push and SMS), in the caller's transaction: at once, or when its head start ends
 * (`headStartEndsAt`), which the task also ends for the caches. Call it whenever a job opens to
 * everyone: posted without a head start, or reopened.
 */
export async function offerJob(ctx: AppContext, tx: Transaction, jobId: string, headStartEndsAt?: Date): Promise<void> {
  await ctx.queue.send(tx, offerShiftTask, { jobId }, headStartEndsAt ? { startAfter: headStartEndsAt } : {});
}
