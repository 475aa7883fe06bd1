import { DateTime } from 'luxon';
import type { JobView } from '../../contracts/jobs.js';
import { formatUgx } from '../../contracts/money.js';
import type { PayoutView } from '../../contracts/payouts.js';
import { KAMPALA } from '../../contracts/time.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { attend, jobViewsByIds, nextShiftOf } from '../jobs/service.js';
import { recommendedJobs } from '../matching/service.js';
import { listMyPayouts } from '../payouts/service.js';
import { acceptFromPhone, confirmFromPhone, shiftTimes } from '../sms/service.js';
import * as repo from './repository.js';

/** What most phones show of one USSD screen. */
export const SCREEN_LIMIT = 182;
const LISTED_SHIFTS = 5;
/** Five lines of the longest amount and status still fit one screen. */
const LISTED_PAYOUTS = 5;

type Screen =
  | { name: 'main' }
  | { name: 'shifts' }
  | { name: 'shift'; jobId: string }
  | { name: 'next' }
  | { name: 'payouts' }
  | { name: 'code'; jobId: string; action: 'checkIn' | 'checkOut' };

/** An answer either opens a screen or does something (only when it is the session's newest answer). */
type Step = { screen: Screen } | { act: () => Promise<string> };

interface Session {
  ctx: AppContext;
  caller: AuthenticatedUser;
  shifts: () => Promise<JobView[]>;
  nextShift: () => Promise<JobView | undefined>;
}

const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};

/**
 * The menu after the PIN, replayed from the session's answers: `0` goes back a screen, an answer
 * that means nothing on its screen is passed over (and, when it is the newest, said so), and an
 * action (accept, check in, check out) runs only as the newest answer, so a later step never repeats it.
 */
export async function menu(ctx: AppContext, caller: AuthenticatedUser, sessionId: string, answers: string[]): Promise<string> {
  const session: Session = {
    ctx,
    caller,
    shifts: once(async () => {
      const ids = await repo.sessionShifts(ctx.db, sessionId, caller.id, async () =>
        (await recommendedJobs(ctx, caller, LISTED_SHIFTS)).value.items.map((item) => item.job.id),
      );
      const views = await jobViewsByIds(ctx.db, caller, ids);
      return ids.flatMap((id) => views.get(id) ?? []);
    }),
    nextShift: once(() => nextShiftOf(ctx, caller)),
  };
  const stack: Screen[] = [{ name: 'main' }];
  for (const [index, answer] of answers.entries()) {
    const newest = index === answers.length - 1;
    if (answer === '0' && stack.length > 1) {
      stack.pop();
      continue;
    }
    const step = await choose(session, stack.at(-1)!, answer.trim());
    if (!step) {
      if (newest) return render(session, stack.at(-1)!, 'Invalid choice.');
    } else if ('screen' in step) stack.push(step.screen);
    else if (newest) return step.act();
  }
  return render(session, stack.at(-1)!);
}

async function choose(session: Session, screen: Screen, answer: string): Promise<Step | undefined> {
  switch (screen.name) {
    case 'main':
      if (answer === '1') return { screen: { name: 'shifts' } };
      if (answer === '2') return { screen: { name: 'next' } };
      if (answer === '3') return { screen: { name: 'payouts' } };
      return undefined;
    case 'shifts': {
      const job = /^[1-9]$/.test(answer) ? (await session.shifts())[Number(answer) - 1] : undefined;
      return job && { screen: { name: 'shift', jobId: job.id } };
    }
    case 'shift':
      return answer === '1' ? { act: () => accept(session, screen.jobId) } : undefined;
    case 'next': {
      const job = await session.nextShift();
      if (job && answer === '2' && confirmable(job)) return { act: () => confirm(session, job.id) };
      const action = job?.status === 'paid' ? 'checkIn' : job?.status === 'checked_in' ? 'checkOut' : undefined;
      return job && action && answer === '1' ? { screen: { name: 'code', jobId: job.id, action } } : undefined;
    }
    case 'payouts':
      return undefined;
    case 'code':
      return /^[0-9]{6}$/.test(answer) ? { act: () => attendByCode(session, screen, answer) } : undefined;
  }
}

async function render(session: Session, screen: Screen, note?: string): Promise<string> {
  const lines = await screenLines(session, screen);
  return `CON ${fit([...(note ? [note] : []), ...lines])}`;
}

async function screenLines(session: Session, screen: Screen): Promise<string[]> {
  switch (screen.name) {
    case 'main':
      return ['Qgig', '1. Shifts for you', '2. My next shift', '3. My payouts'];
    case 'shifts': {
      const jobs = await session.shifts();
      if (jobs.length === 0) return ['No open shifts match you now.', '0. Back'];
      for (let place = 12; ; place--) {
        const lines = ['Shifts for you:', ...jobs.map((job, index) => `${index + 1}. ${listLine(job, place)}`), '0. Back'];
        if (place <= 3 || lines.join('\n').length <= SCREEN_LIMIT) return lines;
      }
    }
    case 'shift': {
      const job = (await session.shifts()).find((listed) => listed.id === screen.jobId)!;
      return [...shiftLines(job), `Pay ${formatUgx(job.pay)}`, '1. Accept', '0. Back'];
    }
    case 'next': {
      const job = await session.nextShift();
      if (!job) return ['You have no shift booked.', '0. Back'];
      const confirmLine = confirmable(job) ? ['2. Confirm'] : job.confirmedAt ? ['You confirmed.'] : [];
      if (job.status === 'assigned') return [...shiftLines(job), 'Waiting for the institution to pay.', ...confirmLine, '0. Back'];
      if (job.status === 'paid') return [...shiftLines(job), 'Paid. Check in when you arrive.', '1. Check in', ...confirmLine, '0. Back'];
      return [...shiftLines(job), `Checked in at ${clock(job.checkedInAt!)}.`, '1. Check out', '0. Back'];
    }
    case 'payouts': {
      const { items } = await listMyPayouts(session.ctx, session.caller, { limit: LISTED_PAYOUTS });
      if (items.length === 0) return ['You have no payouts yet.', '0. Back'];
      return ['My payouts:', ...items.map(payoutLine), '0. Back'];
    }
    case 'code':
      return [`Type the 6-digit code shown at the institution to ${screen.action === 'checkIn' ? 'check in' : 'check out'}:`, '0. Back'];
  }
}

async function accept(session: Session, jobId: string): Promise<string> {
  const outcome = await acceptFromPhone(session.ctx, session.caller.id, jobId, session.caller.sessionId);
  return `END ${fit([`${outcome.text}${outcome.job ? ' See it under 2. My next shift.' : ''}`])}`;
}

/** Not confirmed yet, within the window that opens 48 h before the start and closes at it. */
const confirmable = (job: JobView): boolean =>
  job.confirmedAt === null &&
  job.confirmOpensAt !== null &&
  Date.parse(job.confirmOpensAt) <= Date.now() &&
  Date.parse(job.startsAt) > Date.now();

async function confirm(session: Session, jobId: string): Promise<string> {
  const outcome = await confirmFromPhone(session.ctx, session.caller.id, session.caller.sessionId, jobId);
  return `END ${fit([outcome.text])}`;
}

async function attendByCode(session: Session, screen: Extract<Screen, { name: 'code' }>, code: string): Promise<string> {
  try {
    const job = await attend(session.ctx, session.caller, screen.jobId, screen.action, code);
    return screen.action === 'checkIn'
      ? `END Checked in at ${clock(job.checkedInAt!)}. Have a good shift.`
      : `END Checked out. You worked ${duration(job.timesheet!.minutes)}.`;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'wrong-attendance-code') return render(session, screen, 'That code is wrong or expired.');
    if (error.code === 'rate-limited') return 'END Too many wrong codes. Wait a few minutes and try again.';
    if (error.code === 'too-early-to-check-in') return 'END Check-in opens an hour before the shift starts.';
    if (error.code === 'job-state-conflict') return 'END This shift has moved on; see it on the Qgig website.';
    throw error;
  }
}

function shiftLines(job: JobView): string[] {
  return [`${job.role} at ${clip(job.institutionName, 40)}`, shiftTimes(job), job.district];
}

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** "7/12 08:00-16:00 Wakiso 50K" (the pay in UGX): the place is shortened when five of them do not fit a screen. */
function listLine(job: JobView, placeLength: number): string {
  const [, month, day] = job.date.split('-').map(Number);
  return `${day}/${month} ${job.startTime}-${job.endTime} ${clip(job.district, placeLength)} ${compact.format(job.pay)}`;
}

const PAYOUT_STATES = { successful: 'paid', pending: 'pending', failed: 'failed' } as const;

/** "UGX 50,000 paid 7/12": the day it was paid, or, not yet paid, the day it was created (Kampala). */
function payoutLine(payout: PayoutView): string {
  const day = DateTime.fromISO(payout.settledAt ?? payout.createdAt, { zone: KAMPALA }).toFormat('d/M');
  return `${formatUgx(payout.amount)} ${PAYOUT_STATES[payout.status]} ${day}`;
}

function fit(lines: string[]): string {
  const text = lines.join('\n');
  return text.length <= SCREEN_LIMIT ? text : clip(text, SCREEN_LIMIT);
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}.`;
}

const clock = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'Africa/Kampala' }).format(
    new Date(iso),
  );

function duration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}
