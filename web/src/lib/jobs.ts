import type { JobStatus, JobView } from '@contracts/jobs';
import { JOB_STATUSES } from '@contracts/jobs';
import { formatCalendarDate, formatUGX } from './format';

export const JOB_STATUS_LABELS: Record<JobStatus, string> = {
  open: 'Open',
  assigned: 'Assigned',
  paid: 'Paid',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const JOB_STATUS_CHOICES = JOB_STATUSES.map((status) => ({ value: status, label: JOB_STATUS_LABELS[status] }));

type Rate = Pick<JobView, 'rateAmount' | 'rateUnit'>;

/** "UGX 50,000 per day". */
export const formatRate = ({ rateAmount, rateUnit }: Rate) => `${formatUGX(rateAmount)} per ${rateUnit}`;

/** True when the shift's end time is on the day after its start (an end at or before the start). */
export const endsNextDay = (startTime: string, endTime: string) => endTime <= startTime;

/** A shift's length in minutes from Kampala wall-clock times, an end at or before the start being the next day. */
export function shiftMinutes(startTime: string, endTime: string): number {
  const toMinutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
  return ((toMinutes(endTime) - toMinutes(startTime) + 1439) % 1440) + 1;
}

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
