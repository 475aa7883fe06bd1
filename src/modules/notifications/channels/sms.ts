import type { AppContext } from '../../../platform/context.js';
import { sendSms } from '../../sms/service.js';
import type { Channel } from './channel.js';

/** Notices that ask for an answer by SMS go from the shortcode (a sender ID cannot be answered). */
const ANSWERABLE: ReadonlySet<string> = new Set(['job.confirm_reminder']);

/**
 * SMS through Africa's Talking (or its simulator). Sending here only records the SMS and queues it:
 * the sms module retries it, honours quiet hours, and falls back to email when it finally fails.
 */
export function smsChannel(ctx: AppContext): Channel {
  return {
    name: 'sms',
    reaches: (recipient) => Boolean(recipient.phone) && recipient.wantsSms,
    async send(recipient, message, notice) {
      await ctx.db.transaction((tx) =>
        sendSms(ctx, tx, {
          userId: recipient.userId,
          phone: recipient.phone!,
          kind: notice.type,
          text: message.sms,
          from: ANSWERABLE.has(notice.type) ? 'shortcode' : 'sender',
          notificationId: notice.id,
          shiftStartsAt: notice.shiftStartsAt,
        }),
      );
    },
  };
}
