import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rowsOf, type Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';
import { institutions, professionals } from '../profiles/schema.js';
import { RELIABILITY } from './rules.js';
import { reliabilityAppeals, reliabilityEvents } from './schema.js';

export type EventRow = typeof reliabilityEvents.$inferSelect;
export type AppealRow = typeof reliabilityAppeals.$inferSelect;
export type AppealStatus = AppealRow['status'];

export interface ScoreChange {
  before: number;
  after: number;
  restrictedUntil: Date | null;
}

/**
 * Adds `points` to the professional's score within its bounds, under the row's lock, so concurrent
 * events each apply to the score the previous one left. The score before and after, or undefined
 * for someone without a professional profile.
 */
export async function addPoints(db: Executor, professionalId: string, points: number): Promise<ScoreChange | undefined> {
  const result = await db.execute(sql`
    WITH locked AS (SELECT user_id, reliability_score FROM professionals WHERE user_id = ${professionalId} FOR UPDATE)
    UPDATE professionals p
    SET reliability_score = LEAST(${RELIABILITY.maxScore}, GREATEST(${RELIABILITY.minScore}, locked.reliability_score + ${points}))
    FROM locked WHERE p.user_id = locked.user_id
    RETURNING locked.reliability_score AS before, p.reliability_score AS after, p.restricted_until`);
  const [row] = rowsOf<{ before: number; after: number; restricted_until: string | Date | null }>(result);
  if (!row) return undefined;
  return { before: row.before, after: row.after, restrictedUntil: row.restricted_until ? new Date(row.restricted_until) : null };
}

export async function setRestrictedUntil(db: Executor, professionalId: string, until: Date | null): Promise<void> {
  await db.update(professionals).set({ restrictedUntil: until }).where(eq(professionals.userId, professionalId));
}

export async function insertEvent(db: Executor, event: typeof reliabilityEvents.$inferInsert): Promise<EventRow> {
  const [row] = await db.insert(reliabilityEvents).values(event).returning();
  return row!;
}

export async function standingOf(db: Executor, professionalId: string) {
  const [row] = await db
    .select({ score: professionals.reliabilityScore, restrictedUntil: professionals.restrictedUntil })
    .from(professionals)
    .where(eq(professionals.userId, professionalId));
  return row;
}

/** The professional's events, newest first (the newest `limit`, or all), each with its shift and appeal. */
export function eventsOf(db: Executor, professionalId: string, limit: number | 'all') {
  const query = db
    .select({ event: reliabilityEvents, jobRole: jobs.role, startsAt: jobs.startsAt, appeal: reliabilityAppeals })
    .from(reliabilityEvents)
    .innerJoin(jobs, eq(jobs.id, reliabilityEvents.jobId))
    .leftJoin(reliabilityAppeals, eq(reliabilityAppeals.eventId, reliabilityEvents.id))
    .where(eq(reliabilityEvents.professionalId, professionalId))
    .orderBy(desc(reliabilityEvents.at), desc(reliabilityEvents.id))
    .$dynamic();
  return limit === 'all' ? query : query.limit(limit);
}

export async function eventOf(db: Executor, professionalId: string, eventId: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(reliabilityEvents)
    .where(and(eq(reliabilityEvents.id, eventId), eq(reliabilityEvents.professionalId, professionalId)));
  return row;
}

/** The appeal, unless the event already has one. */
export async function insertAppeal(db: Executor, appeal: typeof reliabilityAppeals.$inferInsert): Promise<AppealRow | undefined> {
  const [row] = await db.insert(reliabilityAppeals).values(appeal).onConflictDoNothing({ target: reliabilityAppeals.eventId }).returning();
  return row;
}

/** Decides a pending appeal; undefined when it is not pending (decided already, or not there). */
export async function decideAppeal(
  db: Executor,
  appealId: string,
  decision: { status: Exclude<AppealStatus, 'pending'>; note: string | null; decidedBy: string },
): Promise<AppealRow | undefined> {
  const [row] = await db
    .update(reliabilityAppeals)
    .set({ ...decision, decidedAt: sql`now()` })
    .where(and(eq(reliabilityAppeals.id, appealId), eq(reliabilityAppeals.status, 'pending')))
    .returning();
  return row;
}

export async function appealExists(db: Executor, appealId: string): Promise<boolean> {
  const [row] = await db.select({ id: reliabilityAppeals.id }).from(reliabilityAppeals).where(eq(reliabilityAppeals.id, appealId));
  return row !== undefined;
}

const professionalUser = alias(users, 'professional_user');
const decider = alias(users, 'decider');

/** The admin queue: pending appeals first (oldest first), then decided ones (latest decision first). */
export function appealQueue(db: Executor, filter: { status?: AppealStatus; appealId?: string }, limit: number) {
  return db
    .select({
      appeal: reliabilityAppeals,
      event: reliabilityEvents,
      professionalName: professionalUser.name,
      reliabilityScore: professionals.reliabilityScore,
      restrictedUntil: professionals.restrictedUntil,
      job: { id: jobs.id, role: jobs.role, startsAt: jobs.startsAt },
      institutionName: institutions.name,
      deciderName: decider.name,
    })
    .from(reliabilityAppeals)
    .innerJoin(reliabilityEvents, eq(reliabilityEvents.id, reliabilityAppeals.eventId))
    .innerJoin(professionals, eq(professionals.userId, reliabilityAppeals.professionalId))
    .innerJoin(professionalUser, eq(professionalUser.id, reliabilityAppeals.professionalId))
    .innerJoin(jobs, eq(jobs.id, reliabilityEvents.jobId))
    .leftJoin(institutions, eq(institutions.userId, jobs.institutionId))
    .leftJoin(decider, eq(decider.id, reliabilityAppeals.decidedBy))
    .where(
      and(
        filter.status ? eq(reliabilityAppeals.status, filter.status) : undefined,
        filter.appealId ? eq(reliabilityAppeals.id, filter.appealId) : undefined,
      ),
    )
    .orderBy(
      sql`${reliabilityAppeals.status} <> 'pending'`,
      asc(sql`CASE WHEN ${reliabilityAppeals.status} = 'pending' THEN ${reliabilityAppeals.createdAt} END`),
      desc(reliabilityAppeals.decidedAt),
      desc(reliabilityAppeals.id),
    )
    .limit(limit);
}
