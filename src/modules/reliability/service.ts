import type {
  AdminAppealsQuery,
  AdminAppealView,
  AppealBody,
  AppealView,
  DecideAppealBody,
  ReliabilityView,
} from '../../contracts/reliability.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { recordAudit } from '../audit/service.js';
import { notify } from '../notifications/service.js';
import * as repo from './repository.js';
import { giveBackPoints, isRestrictingScore, RELIABILITY } from './rules.js';

export type ReliabilityEventKind = repo.EventRow['kind'];

const DAY_MS = 86_400_000;
/** How many of the newest events GET /me/reliability lists. */
const EVENTS_SHOWN = 100;
/** How many appeals the admin queue lists at once. */
const QUEUE_LENGTH = 100;

/** The shift an event is about. */
interface EventJob {
  id: string;
  role: string;
  startsAt: Date;
}

function pointsFor(kind: ReliabilityEventKind, job: EventJob, at: Date): number {
  if (kind === 'completed') return RELIABILITY.completedShiftPoints;
  if (kind === 'no_show') return RELIABILITY.noShowPoints;
  return giveBackPoints(job.startsAt, at);
}

const jobFacts = (job: EventJob) => ({ jobId: job.id, jobRole: job.role, startsAt: job.startsAt.toISOString() });

/**
 * A completed shift, a shift given back or a no-show, in the transaction of what caused it: the
 * professional's score moves by the rule's points (within 0–100), and an event that leaves it below
 * 50 restricts them for 7 days from `at`. Only what changed the score or started a restriction is
 * recorded (a completion at 100, or a give-back 72 h or more ahead, is not), and the professional
 * is told of it.
 */
export async function recordReliabilityEvent(
  ctx: AppContext,
  tx: Transaction,
  cause: { kind: ReliabilityEventKind; professionalId: string; job: EventJob; at: Date },
): Promise<void> {
  const { kind, professionalId, job, at } = cause;
  const requested = pointsFor(kind, job, at);
  if (requested === 0) return;
  const change = await repo.addPoints(tx, professionalId, requested);
  if (!change) return;
  const points = change.after - change.before;
  const restrictedUntil =
    requested < 0 && isRestrictingScore(change.after) ? new Date(at.getTime() + RELIABILITY.restrictionDays * DAY_MS) : null;
  if (points === 0 && !restrictedUntil) return;
  if (restrictedUntil) await repo.setRestrictedUntil(tx, professionalId, restrictedUntil);
  await repo.insertEvent(tx, { professionalId, kind, points, jobId: job.id, at });
  await notify(ctx, tx, {
    userId: professionalId,
    type: 'reliability.changed',
    data: { ...jobFacts(job), kind, points, score: change.after, restrictedUntil: restrictedUntil?.toISOString() ?? null },
  });
}

function toAppealView(row: repo.AppealRow): AppealView {
  return {
    id: row.id,
    eventId: row.eventId,
    status: row.status,
    reason: row.reason,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** A restriction that has ended is no restriction: null once its end has passed. */
const activeRestriction = (until: Date | null): string | null => (until && until.getTime() > Date.now() ? until.toISOString() : null);

/** GET /me/reliability: the score, any restriction, and the newest events with their appeals. */
export async function reliabilityOf(
  ctx: AppContext,
  caller: AuthenticatedUser,
  events: number | 'all' = EVENTS_SHOWN,
): Promise<ReliabilityView> {
  const standing = await repo.standingOf(ctx.db, caller.id);
  if (!standing) return { score: RELIABILITY.startScore, restrictedUntil: null, events: [] };
  const rows = await repo.eventsOf(ctx.db, caller.id, events);
  return {
    score: standing.score,
    restrictedUntil: activeRestriction(standing.restrictedUntil),
    events: rows.map(({ event, jobRole, startsAt, appeal }) => ({
      id: event.id,
      kind: event.kind,
      points: event.points,
      jobId: event.jobId,
      at: event.at.toISOString(),
      jobRole,
      startsAt: startsAt.toISOString(),
      appealable: event.points < 0 && appeal === null,
      appeal: appeal ? toAppealView(appeal) : null,
    })),
  };
}

/** For the data export: a professional's score and every event, with their appeals. */
export async function exportReliability(ctx: AppContext, caller: AuthenticatedUser): Promise<ReliabilityView | null> {
  return caller.role === 'professional' ? reliabilityOf(ctx, caller, 'all') : null;
}

/** POST /me/reliability/appeals: one appeal per event that cost the caller points. */
export async function appealEvent(ctx: AppContext, caller: AuthenticatedUser, body: AppealBody): Promise<AppealView> {
  const event = await repo.eventOf(ctx.db, caller.id, body.eventId);
  if (!event) throw notFound('Event');
  if (event.points >= 0) throw new AppError('conflict', 'event-not-appealable', 'Only an event that cost you points can be appealed');
  const appeal = await repo.insertAppeal(ctx.db, { eventId: event.id, professionalId: caller.id, reason: body.reason });
  if (!appeal) throw new AppError('conflict', 'appeal-exists', 'You have already appealed this event; each event can be appealed once');
  return toAppealView(appeal);
}

type QueueRow = Awaited<ReturnType<typeof repo.appealQueue>>[number];

function toAdminAppealView(row: QueueRow): AdminAppealView {
  const { appeal, event, job } = row;
  return {
    ...toAppealView(appeal),
    professional: {
      id: appeal.professionalId,
      name: row.professionalName,
      reliabilityScore: row.reliabilityScore,
      restrictedUntil: activeRestriction(row.restrictedUntil),
    },
    event: { kind: event.kind, points: event.points, at: event.at.toISOString() },
    job: { id: job.id, role: job.role, startsAt: job.startsAt.toISOString(), institutionName: row.institutionName ?? 'Former institution' },
    decidedBy: appeal.decidedBy ? { id: appeal.decidedBy, name: row.deciderName ?? 'Former user' } : null,
  };
}

/** GET /admin/appeals: pending appeals first, oldest first, then decided ones, each with the professional, event and job. */
export async function appealQueue(ctx: AppContext, query: AdminAppealsQuery): Promise<{ items: AdminAppealView[] }> {
  const rows = await repo.appealQueue(ctx.db, { status: query.status }, QUEUE_LENGTH);
  return { items: rows.map(toAdminAppealView) };
}

/**
 * POST /admin/appeals/{id}/decide, once: an accepted appeal gives the event's points back (within
 * 100) and lifts the restriction if the score is then 50 or more. Audited; the professional is told.
 */
export async function decideAppeal(
  ctx: AppContext,
  caller: AuthenticatedUser,
  appealId: string,
  body: DecideAppealBody,
  meta: RequestMeta,
): Promise<AdminAppealView> {
  const status = body.accept ? 'accepted' : 'rejected';
  await ctx.db.transaction(async (tx) => {
    const decided = await repo.decideAppeal(tx, appealId, { status, note: body.note || null, decidedBy: caller.id });
    if (!decided) {
      if (!(await repo.appealExists(tx, appealId))) throw notFound('Appeal');
      throw new AppError('conflict', 'appeal-decided', 'This appeal has already been decided');
    }
    const [row] = await repo.appealQueue(tx, { appealId }, 1);
    const { event, job } = row!;
    const restored = body.accept ? await restorePoints(tx, decided.professionalId, -event.points) : 0;
    const standing = await repo.standingOf(tx, decided.professionalId);
    await recordAudit(tx, {
      actorId: caller.id,
      action: `reliability.appeal.${body.accept ? 'accept' : 'reject'}`,
      targetType: 'user',
      targetId: decided.professionalId,
      reason: body.note || undefined,
      ip: meta.ip,
      details: { appealId, eventId: event.id, kind: event.kind, points: event.points, restored, score: standing!.score },
    });
    await notify(ctx, tx, {
      userId: decided.professionalId,
      type: 'reliability.appeal_decided',
      data: { ...jobFacts(job), accepted: body.accept, points: restored, score: standing!.score, note: body.note || undefined },
    });
  });
  const [row] = await repo.appealQueue(ctx.db, { appealId }, 1);
  return toAdminAppealView(row!);
}

/** Gives `points` back and lifts the restriction when the score no longer restricts; the points actually given back. */
async function restorePoints(tx: Transaction, professionalId: string, points: number): Promise<number> {
  const change = await repo.addPoints(tx, professionalId, points);
  if (!change) return 0;
  if (!isRestrictingScore(change.after)) await repo.setRestrictedUntil(tx, professionalId, null);
  return change.after - change.before;
}
