import type { JobStatus, JobView } from '@contracts/jobs';
import { JOB_STATUSES } from '@contracts/jobs';
import { ADMIN_JOB_STATES } from '@contracts/admin';
import { formatCalendarDate, formatUGX } from './format';

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  open: 'Open',
  assigned: 'Assigned',
  paid: 'Paid',
  checked_in: 'Checked in',
  checked_out: 'Checked out',
  disputed: 'Disputed',
  completed: 'Completed',
  cancelled: 'Cancelled',
  no_show: 'No-show',
};

export const JOB_STATUS_CHOICES = JOB_STATUSES.map((status) => ({ value: status, label: JOB_STATUS_LABELS[status] }));

/** The admin list's and overview's states: a deleted job is only deleted, whatever its status. */
export const ADMIN_JOB_STATE_CHOICES = ADMIN_JOB_STATES.map((state) => ({
  value: state,
  label: state === 'deleted' ? 'Deleted' : JOB_STATUS_LABELS[state],
}));

type Rate = Pick<JobView, 'rateAmount' | 'rateUnit'>;

/** "UGX 50,000 per day". */
export const formatRate = ({ rateAmount, rateUnit }: Rate) => `${formatUGX(rateAmount)} per ${rateUnit}`;

type Price = Pick<JobView, 'pay' | 'fee' | 'total'>;

/** "UGX 80,000 pay + UGX 8,000 Qgig fee = UGX 88,000". */
export const formatPrice = ({ pay, fee, total }: Price) => `${formatUGX(pay)} pay + ${formatUGX(fee)} Qgig fee = ${formatUGX(total)}`;

/** A job's rate and what it comes to, as rows of its details. */
export const priceDetails = (job: Rate & Price & Pick<JobView, 'hours'>): [string, string][] => [
  ['Rate', formatRate(job)],
  [`Price (${job.hours} h)`, formatPrice(job)],
];

/** True when the shift's end time is on the day after its start (an end at or before the start). */
export const endsNextDay = (startTime: string, endTime: string) => endTime <= startTime;

/** Longer shifts than this are rare enough that the form asks whether the times are right. */
export const LONG_SHIFT_MINUTES = 12 * 60;

/** How recently a posting of the same shift makes a second one look like a mistake. */
export const TWIN_WINDOW_MS = 60_000;

type ShiftKey = Pick<JobView, 'role' | 'date' | 'startTime' | 'endTime' | 'district'>;

/** The caller's job posted less than a minute ago for the same role, district, day and hours, if any. */
export function recentTwin(jobs: JobView[], shift: ShiftKey, now: number): JobView | undefined {
  return jobs.find(
    (job) =>
      job.role === shift.role &&
      job.date === shift.date &&
      job.startTime === shift.startTime &&
      job.endTime === shift.endTime &&
      job.district === shift.district &&
      now - Date.parse(job.createdAt) < TWIN_WINDOW_MS,
  );
}

/** "Sun, 1 Nov 2026, 22:00–06:00 (ends the next day)", in Kampala time as the job was posted. */
export function formatShift({ date, startTime, endTime }: Pick<JobView, 'date' | 'startTime' | 'endTime'>): string {
  return `${formatCalendarDate(date)}, ${startTime}–${endTime}${endsNextDay(startTime, endTime) ? ' (ends the next day)' : ''}`;
}

/** A score part in [0, 1] as a whole percentage. */
export const percent = (part: number) => `${Math.round(part * 100)}%`;
