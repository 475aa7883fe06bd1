import type { NotificationType } from '../../contracts/notifications.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { deliverNotificationJob } from './jobs.js';
import { notifications } from './schema.js';

export interface NotificationEvent {
  userId: string;
  type: NotificationType;
  data: Record<string, unknown>;
}

/**
 * Records an event inside the caller's transaction and queues its delivery in the same
 * transaction: a rollback leaves neither the notice nor the email behind.
 */
export async function notify(ctx: AppContext, tx: Transaction, event: NotificationEvent): Promise<string> {
  const [row] = await tx.insert(notifications).values(event).returning({ id: notifications.id });
  await ctx.queue.send(tx, deliverNotificationJob, { notificationId: row!.id });
  return row!.id;
}
