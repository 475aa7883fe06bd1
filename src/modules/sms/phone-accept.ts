import type { JobView } from '../../contracts/jobs.js';
import { formatUgx } from '../../contracts/money.js';
import { formatKampalaDateTime } from '../../contracts/time.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { acceptJob, confirmJob, nextShiftOf } from '../jobs/service.js';

export interface PhoneAcceptOutcome {
  job?: JobView;
  /** One plain GSM-7 sentence or two, for an SMS reply or a USSD screen. */
  text: string;
}

/** "Mon, 7 Dec 2026, 08:00-16:00" */
export function shiftTimes(job: Pick<JobView, 'startsAt' | 'endTime'>): string {
  return `${formatKampalaDateTime(job.startsAt)}-${job.endTime}`;
}

/**
 * Accepts a shift for a professional who answered from a phone (`YES <code>` or USSD), through the
 * same acceptJob as POST /jobs/{id}/accept, and says the outcome in words a phone can show.
 */
export async function acceptFromPhone(
  ctx: AppContext,
  professionalId: string,
  jobId: string,
  channel: string,
): Promise<PhoneAcceptOutcome> {
  const caller: AuthenticatedUser = { id: professionalId, role: 'professional', sessionId: channel };
  try {
    const job = await acceptJob(ctx, caller, jobId);
    return {
      job,
      text: `The shift is yours: ${job.role} at ${job.institutionName}, ${shiftTimes(job)}, ${job.district}, pay ${formatUgx(job.pay)}.`,
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'job-state-conflict' || error.code === 'not-found')
      return { text: 'Sorry, that shift was taken or is no longer open.' };
    if (error.code === 'not-verified')
      return { text: 'Only verified professionals can take shifts: upload your documents on the Qgig website.' };
    if (error.code === 'role-mismatch' || error.code === 'shift-clash' || error.code === 'reliability-restricted')
      return { text: `${error.message}.` };
    throw error;
  }
}

/**
 * Confirms a shift for its assignee from a phone (`CONFIRM` by SMS, or USSD), through the same
 * confirmJob as POST /jobs/{id}/confirm: the shift named, or else their soonest one not confirmed yet.
 */
export async function confirmFromPhone(
  ctx: AppContext,
  professionalId: string,
  channel: string,
  jobId?: string,
): Promise<PhoneAcceptOutcome> {
  const caller: AuthenticatedUser = { id: professionalId, role: 'professional', sessionId: channel };
  const target = jobId ?? (await nextShiftOf(ctx, caller, true))?.id;
  if (!target) return { text: 'You have no booked shift waiting to be confirmed.' };
  try {
    const job = await confirmJob(ctx, caller, target);
    return { job, text: `Confirmed: ${job.role} at ${job.institutionName}, ${shiftTimes(job)}. See you there.` };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (error.code === 'too-early-to-confirm' || error.code === 'too-late-to-confirm') return { text: `${error.message}.` };
    if (error.code === 'job-state-conflict' || error.code === 'not-job-assignee' || error.code === 'not-found')
      return { text: 'That shift is no longer yours to confirm.' };
    throw error;
  }
}
