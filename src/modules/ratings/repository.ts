import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { ratings } from './schema.js';

export type RatingRow = typeof ratings.$inferSelect;
export type RatingWithRater = RatingRow & { raterName: string };

export async function insertRating(db: Executor, values: typeof ratings.$inferInsert): Promise<RatingRow> {
  const [row] = await db.insert(ratings).values(values).returning();
  return row!;
}

/** Keeps the ratee's running totals in the rating's own transaction, so matching sees it at once. */
export async function addToTotals(db: Executor, userId: string, stars: number): Promise<void> {
  await db
    .update(users)
    .set({ ratingCount: sql`${users.ratingCount} + 1`, ratingSum: sql`${users.ratingSum} + ${stars}` })
    .where(eq(users.id, userId));
}

const withRater = { rating: ratings, raterName: users.name };

/** Ratings `userId` received, newest first, after the cursor rating. */
export async function ratingsReceived(db: Executor, userId: string, limit: number, after?: RatingRow): Promise<RatingWithRater[]> {
  const rows = await db
    .select(withRater)
    .from(ratings)
    .innerJoin(users, eq(users.id, ratings.raterId))
    .where(
      and(
        eq(ratings.rateeId, userId),
        after
          ? or(lt(ratings.createdAt, after.createdAt), and(eq(ratings.createdAt, after.createdAt), lt(ratings.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(ratings.createdAt), desc(ratings.id))
    .limit(limit + 1);
  return rows.map((row) => ({ ...row.rating, raterName: row.raterName }));
}

export async function findRating(db: Executor, id: string): Promise<RatingRow | undefined> {
  const [row] = await db.select().from(ratings).where(eq(ratings.id, id));
  return row;
}

export async function ratersOf(db: Executor, jobId: string): Promise<string[]> {
  const rows = await db.select({ raterId: ratings.raterId }).from(ratings).where(eq(ratings.jobId, jobId));
  return rows.map((row) => row.raterId);
}

/** Every rating the user gave or received, for the data-subject export. */
export async function ratingsInvolving(db: Executor, userId: string): Promise<RatingWithRater[]> {
  const rows = await db
    .select(withRater)
    .from(ratings)
    .innerJoin(users, eq(users.id, ratings.raterId))
    .where(or(eq(ratings.raterId, userId), eq(ratings.rateeId, userId)))
    .orderBy(desc(ratings.createdAt));
  return rows.map((row) => ({ ...row.rating, raterName: row.raterName }));
}

export async function ratingsOfJob(db: Executor, jobId: string): Promise<RatingWithRater[]> {
  const rows = await db
    .select(withRater)
    .from(ratings)
    .innerJoin(users, eq(users.id, ratings.raterId))
    .where(eq(ratings.jobId, jobId))
    .orderBy(desc(ratings.createdAt));
  return rows.map((row) => ({ ...row.rating, raterName: row.raterName }));
}
