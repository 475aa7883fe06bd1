import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { institutions, professionals } from '../profiles/schema.js';
import { favourites, userBlocks } from './schema.js';

/** Whether the user exists, is not erased and has `role`: who may be marked a favourite or blocked. */
export async function hasRole(db: Executor, userId: string, role: 'institution' | 'professional'): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.role, role), sql`${users.status} <> 'erased'`));
  return row !== undefined;
}

export async function addFavourite(db: Executor, institutionId: string, professionalId: string): Promise<void> {
  await db.insert(favourites).values({ institutionId, professionalId }).onConflictDoNothing();
}

export async function removeFavourite(db: Executor, institutionId: string, professionalId: string): Promise<void> {
  await db.delete(favourites).where(and(eq(favourites.institutionId, institutionId), eq(favourites.professionalId, professionalId)));
}

/** Removes a favourite between the two, whichever of them is the institution. */
export async function removeFavouriteBetween(db: Executor, a: string, b: string): Promise<void> {
  await db
    .delete(favourites)
    .where(
      sql`(${favourites.institutionId} = ${a} AND ${favourites.professionalId} = ${b}) OR (${favourites.institutionId} = ${b} AND ${favourites.professionalId} = ${a})`,
    );
}

/** Rows newest first, past the row of `cursorId` (the other party's id) when given. */
function after(createdAt: AnyPgColumn, otherId: AnyPgColumn, cursor: SQL | undefined): SQL | undefined {
  return cursor ? sql`(${createdAt}, ${otherId}) < (${cursor})` : undefined;
}

export interface FavouriteRow {
  professionalId: string;
  name: string;
  roles: string[];
  ratingSum: number;
  ratingCount: number;
  reliabilityScore: number;
  createdAt: Date;
}

export async function favouritesOf(db: Executor, institutionId: string, limit: number, cursorId?: string): Promise<FavouriteRow[]> {
  const cursor = cursorId
    ? sql`SELECT c.created_at, c.professional_id FROM favourites c WHERE c.institution_id = ${institutionId} AND c.professional_id = ${cursorId}`
    : undefined;
  return db
    .select({
      professionalId: favourites.professionalId,
      name: users.name,
      roles: sql<string[]>`coalesce(${professionals.roles}, '{}'::text[])`,
      ratingSum: users.ratingSum,
      ratingCount: users.ratingCount,
      reliabilityScore: sql<number>`coalesce(${professionals.reliabilityScore}, 100)`,
      createdAt: favourites.createdAt,
    })
    .from(favourites)
    .innerJoin(users, eq(users.id, favourites.professionalId))
    .leftJoin(professionals, eq(professionals.userId, favourites.professionalId))
    .where(and(eq(favourites.institutionId, institutionId), after(favourites.createdAt, favourites.professionalId, cursor)))
    .orderBy(desc(favourites.createdAt), desc(favourites.professionalId))
    .limit(limit + 1);
}

/** The institution's favourites who could take a job of `role`: verified, active, holding the role, neither side blocking. */
export async function favouritesForRole(db: Executor, institutionId: string, role: string): Promise<string[]> {
  const rows = await db
    .select({ id: favourites.professionalId })
    .from(favourites)
    .innerJoin(professionals, eq(professionals.userId, favourites.professionalId))
    .innerJoin(users, eq(users.id, favourites.professionalId))
    .where(
      and(
        eq(favourites.institutionId, institutionId),
        eq(professionals.verified, true),
        eq(users.status, 'active'),
        sql`${role} = ANY(${professionals.roles})`,
      ),
    );
  return rows.map((row) => row.id);
}

export async function addBlock(db: Executor, blockerId: string, blockedId: string): Promise<void> {
  await db.insert(userBlocks).values({ blockerId, blockedId }).onConflictDoNothing();
}

export async function removeBlock(db: Executor, blockerId: string, blockedId: string): Promise<void> {
  await db.delete(userBlocks).where(and(eq(userBlocks.blockerId, blockerId), eq(userBlocks.blockedId, blockedId)));
}

export interface BlockRow {
  userId: string;
  name: string;
  role: 'institution' | 'professional';
  createdAt: Date;
}

export async function blocksOf(db: Executor, blockerId: string, limit: number, cursorId?: string): Promise<BlockRow[]> {
  const cursor = cursorId
    ? sql`SELECT c.created_at, c.blocked_id FROM user_blocks c WHERE c.blocker_id = ${blockerId} AND c.blocked_id = ${cursorId}`
    : undefined;
  const rows = await db
    .select({
      userId: userBlocks.blockedId,
      name: sql<string>`coalesce(${institutions.name}, ${users.name})`,
      role: users.role,
      createdAt: userBlocks.createdAt,
    })
    .from(userBlocks)
    .innerJoin(users, eq(users.id, userBlocks.blockedId))
    .leftJoin(institutions, eq(institutions.userId, userBlocks.blockedId))
    .where(
      and(
        eq(userBlocks.blockerId, blockerId),
        inArray(users.role, ['institution', 'professional']),
        after(userBlocks.createdAt, userBlocks.blockedId, cursor),
      ),
    )
    .orderBy(desc(userBlocks.createdAt), desc(userBlocks.blockedId))
    .limit(limit + 1);
  return rows as BlockRow[];
}

/** Erasure: the user's favourites and blocks, either side, go with the account. */
export async function deleteRelationsOf(db: Executor, userId: string): Promise<void> {
  await db.delete(favourites).where(sql`${favourites.institutionId} = ${userId} OR ${favourites.professionalId} = ${userId}`);
  await db.delete(userBlocks).where(sql`${userBlocks.blockerId} = ${userId} OR ${userBlocks.blockedId} = ${userId}`);
}
