import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { ViewerScope } from '../../platform/auth.js';
import { rowsOf, type Executor } from '../../platform/db.js';

/**
 * Who may see an open job, beyond "its owner is active and it has not started":
 * - during its head start (jobs.head_start_ends_at in the future) only its owner and the owner's favourites;
 * - never a user blocked by, or blocking, its owner;
 * - a restricted professional (professionals.restricted_until in the future) only favourites' jobs.
 * Most users have none of these relationships (`plain` scope), and see what everyone sees: every
 * job not in a head start. That view is one answer for all of them, which the response cache shares.
 */

type Column = AnyPgColumn | SQL;

/** A job's columns the rules read. */
export interface JobColumns {
  institutionId: Column;
  headStartEndsAt: Column;
}

/**
 * What a `plain` viewer may see: any job not in a head start. A column test, not a subquery: the
 * column is almost always null, which the planner's statistics know, so browse keeps its plans.
 */
export function openToEveryone(job: Pick<JobColumns, 'headStartEndsAt'>): SQL {
  return sql`(${job.headStartEndsAt} IS NULL OR ${job.headStartEndsAt} <= now())`;
}

const favouritedBy = (professionalId: SQL) => sql`SELECT f.institution_id FROM favourites f WHERE f.professional_id = ${professionalId}`;

const blockedWith = (userId: SQL) =>
  sql`SELECT b.blocked_id FROM user_blocks b WHERE b.blocker_id = ${userId} UNION ALL SELECT b.blocker_id FROM user_blocks b WHERE b.blocked_id = ${userId}`;

/**
 * What `viewerId` may see of the job whose owner and head start are given (see above). `restricted` is
 * whether the viewer is limited to favourites' jobs (a boolean known beforehand, or SQL).
 */
export function visibleTo(viewerId: SQL, job: JobColumns, restricted: SQL | boolean): SQL {
  const favouriteOwner = sql`${job.institutionId} IN (${favouritedBy(viewerId)})`;
  const restriction =
    restricted === false ? sql`true` : restricted === true ? favouriteOwner : sql`(NOT ${restricted} OR ${favouriteOwner})`;
  return sql`((${openToEveryone(job)} OR ${job.institutionId} = ${viewerId} OR ${favouriteOwner})
    AND ${job.institutionId} NOT IN (${blockedWith(viewerId)}) AND ${restriction})`;
}

/** Whether a professional may be matched with, and offered, an institution's job: not blocked either way, and not restricted unless a favourite. */
export function matchableFor(institutionId: SQL, professionalId: SQL, restrictedUntil: SQL): SQL {
  return sql`(${professionalId} NOT IN (${blockedWith(institutionId)})
    AND (${restrictedUntil} IS NULL OR ${restrictedUntil} <= now()
         OR EXISTS (SELECT 1 FROM favourites f WHERE f.institution_id = ${institutionId} AND f.professional_id = ${professionalId})))`;
}

/**
 * The user's scope (see ViewerScope), as one SQL expression the session check reads with the session.
 * `userId` is read once, in a FROM-less select, and named `viewer.id` inside: drizzle writes a column
 * of a single-table query unqualified ("user_id"), which inside `FROM professionals r` would mean r's own.
 */
export function viewerScopeOf(userId: Column): SQL<ViewerScope> {
  return sql<ViewerScope>`(SELECT CASE
    WHEN EXISTS (SELECT 1 FROM professionals r WHERE r.user_id = viewer.id AND r.restricted_until > now()) THEN 'restricted'
    WHEN EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = viewer.id)
      OR EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocked_id = viewer.id)
      OR EXISTS (SELECT 1 FROM favourites f WHERE f.professional_id = viewer.id)
      OR EXISTS (SELECT 1 FROM favourites f WHERE f.institution_id = viewer.id) THEN 'related'
    ELSE 'plain' END
    FROM (SELECT ${userId} AS id) viewer)`;
}

export interface Relation {
  /** Either blocked the other. */
  blocked: boolean;
  /** The institution marked the professional a favourite. */
  favourite: boolean;
}

/** How an institution and another user stand to each other. */
export async function relationBetween(db: Executor, institutionId: string, userId: string): Promise<Relation> {
  const result = await db.execute(sql`SELECT
    EXISTS (SELECT 1 FROM user_blocks b WHERE (b.blocker_id = ${institutionId} AND b.blocked_id = ${userId})
                                           OR (b.blocker_id = ${userId} AND b.blocked_id = ${institutionId})) AS blocked,
    EXISTS (SELECT 1 FROM favourites f WHERE f.institution_id = ${institutionId} AND f.professional_id = ${userId}) AS favourite`);
  return rowsOf<Relation>(result)[0]!;
}
