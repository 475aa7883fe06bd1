import { sql } from 'drizzle-orm';
import { markJobPaid } from '../../src/modules/jobs/service.js';
import { DateTime } from 'luxon';
import type { AppContext } from '../../src/platform/context.js';
import type { Api } from '../../src/platform/http.js';
import { call, type JsonResponse } from './http.js';
import { makeProfessional, type Professional } from './profile-factories.js';

/** The Kampala date of the next `weekday` (0 = Sunday) at least `minDaysAhead` days from today. */
export function nextKampalaDate(weekday: number, minDaysAhead = 2): string {
  let day = DateTime.now().setZone('Africa/Kampala').startOf('day').plus({ days: minDaysAhead });
  while (day.weekday % 7 !== weekday) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** A Monday teacher shift, 08:00–16:00 Kampala, that the default test professional is free for. */
export function validJob(overrides: Record<string, unknown> = {}) {
  return {
    role: 'teacher',
    skills: ['mathematics'],
    description: 'Cover S3 mathematics for a teacher on leave.',
    date: nextKampalaDate(1),
    startTime: '08:00',
    endTime: '16:00',
    rateAmount: 50_000,
    rateUnit: 'day',
    district: 'Wakiso',
    ...overrides,
  };
}

export async function postJob(app: Api, token: string, overrides: Record<string, unknown> = {}): Promise<JsonResponse> {
  const response = await call(app, 'POST', '/jobs', { token, body: validJob(overrides) });
  if (response.status !== 201) throw new Error(`posting a job failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

/**
 * A professional with a saved profile marked verified straight in the database: for tests about
 * jobs, where the document review that normally verifies them is beside the point.
 */
export async function makeReadyProfessional(
  app: Api,
  ctx: AppContext,
  profile: Record<string, unknown> = {},
  name?: string,
): Promise<Professional> {
  const professional = await makeProfessional(app, profile, name);
  await ctx.db.execute(sql`UPDATE professionals SET verified = true, verified_at = now() WHERE user_id = ${professional.id}`);
  return professional;
}

/** Moves a job to `paid` the way a confirmed payment does (its total credited to escrow), for tests of what comes after. */
export async function markPaid(ctx: AppContext, jobId: string): Promise<void> {
  await ctx.db.transaction((tx) => markJobPaid(tx, jobId));
}

/** Moves a job's shift to have started an hour ago (jobs cannot be posted in the past), for tests of what may happen only once it started. */
export async function startShift(ctx: AppContext, jobId: string): Promise<void> {
  await ctx.db.execute(
    sql`UPDATE jobs SET starts_at = now() - interval '1 hour', ends_at = now() + interval '7 hours' WHERE id = ${jobId}`,
  );
}

/** Moves a job's 8-hour shift to have ended an hour ago, for tests of what may happen only once it is over. */
export async function endShift(ctx: AppContext, jobId: string): Promise<void> {
  await ctx.db.execute(
    sql`UPDATE jobs SET starts_at = now() - interval '9 hours', ends_at = now() - interval '1 hour' WHERE id = ${jobId}`,
  );
}

/**
 * A job `owner` posted that `assignee` took, paid, worked and had completed by its owner: its pay
 * payout exists, pending until sent (at once when the assignee has a payout method). Returns its id.
 */
export async function completedJob(
  app: Api,
  ctx: AppContext,
  owner: { accessToken: string },
  assignee: { accessToken: string },
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const jobId = (await postJob(app, owner.accessToken, overrides)).body.id as string;
  const step = async (action: 'accept' | 'complete', token: string) => {
    const response = await call(app, 'POST', `/jobs/${jobId}/${action}`, { token });
    if (response.status !== 200) throw new Error(`${action} failed: ${response.status} ${JSON.stringify(response.body)}`);
  };
  await step('accept', assignee.accessToken);
  await markPaid(ctx, jobId);
  await endShift(ctx, jobId);
  await step('complete', owner.accessToken);
  return jobId;
}

/**
 * Gives a professional back a full reliability score and no restriction, for files whose cases share
 * one professional: an earlier case's give-back or no-show must not restrict the next case's accept.
 */
export async function restoreReliability(ctx: AppContext, professionalId: string): Promise<void> {
  await ctx.db.execute(sql`UPDATE professionals SET reliability_score = 100, restricted_until = NULL WHERE user_id = ${professionalId}`);
}
