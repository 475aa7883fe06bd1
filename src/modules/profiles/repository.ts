import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { documents } from '../documents/schema.js';
import { institutions, professionalAvailability, professionalBlackouts, professionals } from './schema.js';

export type ProfessionalRow = typeof professionals.$inferSelect;
export type InstitutionRow = typeof institutions.$inferSelect;
export type ProfessionalValues = Pick<
  ProfessionalRow,
  'bio' | 'roles' | 'skills' | 'experienceYears' | 'rateAmount' | 'rateUnit' | 'district'
>;
export type InstitutionValues = Pick<InstitutionRow, 'name' | 'type' | 'address' | 'district' | 'contactName' | 'contactPhone'>;

export interface MinuteSlot {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** Inserts or updates the profile; on update the row lock also orders concurrent saves of one profile. */
export async function upsertProfessional(tx: Executor, userId: string, values: ProfessionalValues): Promise<void> {
  await tx
    .insert(professionals)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: professionals.userId, set: { ...values, updatedAt: sql`now()` } });
}

export async function replaceAvailability(tx: Executor, userId: string, slots: MinuteSlot[]): Promise<void> {
  await tx.delete(professionalAvailability).where(eq(professionalAvailability.professionalId, userId));
  if (slots.length > 0) await tx.insert(professionalAvailability).values(slots.map((slot) => ({ professionalId: userId, ...slot })));
}

export async function replaceBlackouts(tx: Executor, userId: string, dates: string[]): Promise<void> {
  await tx.delete(professionalBlackouts).where(eq(professionalBlackouts.professionalId, userId));
  if (dates.length > 0) await tx.insert(professionalBlackouts).values(dates.map((date) => ({ professionalId: userId, date })));
}

export async function findProfessional(db: Executor, userId: string): Promise<ProfessionalRow | undefined> {
  const [row] = await db.select().from(professionals).where(eq(professionals.userId, userId));
  return row;
}

export async function availabilityOf(db: Executor, userId: string): Promise<MinuteSlot[]> {
  return db
    .select({
      weekday: professionalAvailability.weekday,
      startMinute: professionalAvailability.startMinute,
      endMinute: professionalAvailability.endMinute,
    })
    .from(professionalAvailability)
    .where(eq(professionalAvailability.professionalId, userId))
    .orderBy(asc(professionalAvailability.weekday), asc(professionalAvailability.startMinute));
}

export async function blackoutsOf(db: Executor, userId: string): Promise<string[]> {
  const rows = await db
    .select({ date: professionalBlackouts.date })
    .from(professionalBlackouts)
    .where(eq(professionalBlackouts.professionalId, userId))
    .orderBy(asc(professionalBlackouts.date));
  return rows.map((row) => row.date);
}

export async function upsertInstitution(db: Executor, userId: string, values: InstitutionValues): Promise<InstitutionRow> {
  const [row] = await db
    .insert(institutions)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: institutions.userId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  return row!;
}

export async function findInstitution(db: Executor, userId: string): Promise<InstitutionRow | undefined> {
  const [row] = await db.select().from(institutions).where(eq(institutions.userId, userId));
  return row;
}

/** A professional anyone signed in may look at: an active account with a profile. */
export async function findVisibleProfessional(db: Executor, userId: string) {
  const [row] = await db
    .select({ profile: professionals, name: users.name, ratingCount: users.ratingCount, ratingSum: users.ratingSum })
    .from(professionals)
    .innerJoin(users, eq(users.id, professionals.userId))
    .where(and(eq(professionals.userId, userId), eq(users.role, 'professional'), eq(users.status, 'active')));
  return row;
}

/** An institution anyone signed in may look at: an active account with a profile. */
export async function findVisibleInstitution(db: Executor, userId: string) {
  const [row] = await db
    .select({ profile: institutions, ratingCount: users.ratingCount, ratingSum: users.ratingSum, memberSince: users.createdAt })
    .from(institutions)
    .innerJoin(users, eq(users.id, institutions.userId))
    .where(and(eq(institutions.userId, userId), eq(users.role, 'institution'), eq(users.status, 'active')));
  return row;
}

export interface ProfessionalsFilter {
  verified?: boolean | undefined;
  limit: number;
  cursor?: string | undefined;
}

const documentCount = (status: 'pending' | 'approved' | 'rejected') =>
  sql<number>`(SELECT count(*)::int FROM ${documents} d WHERE d.user_id = ${users.id} AND d.status = ${status})`;

/** Professional accounts (with or without a profile yet), oldest registration first, for review. */
export async function listProfessionalAccounts(db: Executor, filter: ProfessionalsFilter) {
  const verified = sql<boolean>`coalesce(${professionals.verified}, false)`;
  return db
    .select({
      id: users.id,
      name: users.name,
      status: users.status,
      registeredAt: users.createdAt,
      hasProfile: sql<boolean>`${professionals.userId} IS NOT NULL`,
      district: professionals.district,
      roles: professionals.roles,
      verified,
      verifiedAt: professionals.verifiedAt,
      pending: documentCount('pending'),
      approved: documentCount('approved'),
      rejected: documentCount('rejected'),
    })
    .from(users)
    .leftJoin(professionals, eq(professionals.userId, users.id))
    .where(
      and(
        eq(users.role, 'professional'),
        ne(users.status, 'erased'),
        filter.verified === undefined ? undefined : sql`${verified} = ${filter.verified}`,
        filter.cursor
          ? sql`(${users.createdAt}, ${users.id}) > (SELECT created_at, id FROM ${users} WHERE id = ${filter.cursor})`
          : undefined,
      ),
    )
    .orderBy(asc(users.createdAt), asc(users.id))
    .limit(filter.limit + 1);
}

/** Erasure: the role profile goes (availability and blackouts with it); jobs and ratings keep the user id. */
export async function deleteProfiles(tx: Executor, userId: string): Promise<void> {
  await tx.delete(professionals).where(eq(professionals.userId, userId));
  await tx.delete(institutions).where(eq(institutions.userId, userId));
}
