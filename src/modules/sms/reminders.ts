import { formatKampalaDateTime } from '../../contracts/time.js';
import type { AppContext } from '../../platform/context.js';
import { contactOf } from '../accounts/service.js';
import { bookedJobsStartingBetween, type JobRow } from '../jobs/service.js';
import { notificationSettingsOf } from '../notifications/settings.js';
import { fitSegment } from './gsm7.js';
import * as repo from './repository.js';
import { sendSms } from './service.js';
import { shortJobPath } from './short-link.js';

const HOUR_MS = 60 * 60 * 1000;

/** The evening before (a shift starting 12 to 24 hours ahead), and a few hours before (within 3 hours). */
export const REMINDERS = [
  { kind: 'shift.reminder.eve', fromHours: 12, toHours: 24, lead: 'Tomorrow' },
  { kind: 'shift.reminder.soon', fromHours: 0, toHours: 3, lead: 'Soon' },
] as const;

/**
 * The scheduled task (every 15 minutes): each booked shift's assignee gets each reminder once, by SMS
 * when they want SMS. A reminder the quiet hours hold back goes at 07:00, or at once for a shift within 12 hours.
 */
export async function remindShifts(ctx: AppContext, now: Date): Promise<void> {
  for (const reminder of REMINDERS) {
    const booked = await bookedJobsStartingBetween(
      ctx.db,
      new Date(now.getTime() + reminder.fromHours * HOUR_MS),
      new Date(now.getTime() + reminder.toHours * HOUR_MS),
    );
    for (const { job, assigneeId } of booked) {
      const [contact, settings] = await Promise.all([contactOf(ctx.db, assigneeId), notificationSettingsOf(ctx.db, assigneeId)]);
      await ctx.db.transaction(async (tx) => {
        if (!(await repo.claimReminder(tx, job.id, reminder.kind)) || !contact?.phone || !settings.sms) return;
        const text = reminderText(job, reminder.lead, ctx.config.publicUrl);
        await sendSms(ctx, tx, {
          userId: assigneeId,
          phone: contact.phone,
          kind: reminder.kind,
          text,
          from: 'sender',
          shiftStartsAt: job.startsAt,
        });
      });
    }
  }
}

export function reminderText(job: Pick<JobRow, 'id' | 'role' | 'startsAt' | 'district'>, lead: string, publicUrl: string): string {
  return fitSegment(
    `Qgig reminder: ${lead}, ${job.role} shift ${formatKampalaDateTime(job.startsAt.toISOString())}, ${job.district}.`,
    `${publicUrl}${shortJobPath(job.id)}`,
  );
}
