import { sql } from 'drizzle-orm';
import type { NotificationDataOf, NotificationType, NotificationView } from '../../contracts/notifications.js';
import type { AppContext } from '../../platform/context.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { errorText, notFound } from '../../platform/errors.js';
import { keysetPage, type Page } from '../../platform/paging.js';
import { queuePush } from '../push/service.js';
import { channelsFor, mailSenderFor } from './channels/index.js';
import { deliverNotificationTask } from './tasks.js';
import * as repo from './repository.js';
import { notifications } from './schema.js';
import { renderEmail, renderMessage, renderNotification, type EmailContent } from './templates.js';

/** Notices worth a push to a user's phone when the app is closed (shift offers are pushed by the SMS offer run). */
const PUSHED_TYPES: ReadonlySet<NotificationType> = new Set([
  'job.accepted',
  'job.offered',
  'payment.received',
  'payment.failed',
  'payout.sent',
]);

/** PostgreSQL channel that carries "a notice was committed" to every API process. */
export const NOTIFICATION_CHANNEL = 'qgig_notifications';

/**
 * PostgreSQL channel for live stream events that are not notices (a party's message, a read
 * receipt): `{userId, event, ref}`, the stream loads what `ref` names when it sends (a NOTIFY
 * payload is capped at 8000 bytes, less than a long message).
 */
export const LIVE_EVENT_CHANNEL = 'qgig_live_events';

/** The server-sent event names other modules send on a user's stream, beside `notification`. */
export type LiveEventName = 'message' | 'messages-read';

/** What a live event's data is, for `userId`, loaded from its `ref` when sent; undefined sends nothing. */
export type LiveEventLoader = (ctx: AppContext, userId: string, ref: string) => Promise<object | undefined>;

/**
 * Announces an event to the user's open streams, in whichever process they are, at the commit of
 * `tx` (nothing on rollback). Nothing is stored: a user with no open stream reads it from the API.
 */
export async function announceLive(tx: Transaction, userId: string, event: LiveEventName, ref: string): Promise<void> {
  await tx.execute(
    sql`SELECT pg_notify(${LIVE_EVENT_CHANNEL}, json_build_object('userId', ${userId}::text, 'event', ${event}::text, 'ref', ${ref}::text)::text)`,
  );
}

export type NotificationEvent = {
  [Type in NotificationType]: { userId: string; type: Type; data: NotificationDataOf<Type> };
}[NotificationType];

/**
 * Records an event inside the caller's transaction, queues its delivery (and, for the types that
 * matter away from the app, a web push) and announces it to live streams in the same transaction: a
 * rollback leaves no notice, no email and no pushed event (PostgreSQL delivers NOTIFY only at commit).
 */
export async function notify(ctx: AppContext, tx: Transaction, event: NotificationEvent): Promise<string> {
  const inserted = tx
    .$with('inserted')
    .as(tx.insert(notifications).values(event).returning({ id: notifications.id, userId: notifications.userId }));
  const [row] = await tx
    .with(inserted)
    .select({
      id: inserted.id,
      announced: sql`pg_notify(${NOTIFICATION_CHANNEL}, json_build_object('id', ${inserted.id}, 'userId', ${inserted.userId})::text)`,
    })
    .from(inserted);
  const id = row!.id;
  await ctx.queue.send(tx, deliverNotificationTask, { notificationId: id });
  if (PUSHED_TYPES.has(event.type)) {
    const { title, body, path } = renderNotification(event.type, event.data);
    await queuePush(ctx, tx, event.userId, { title, body, path, tag: id });
  }
  return id;
}

export function toNotificationView(row: repo.NotificationRow, publicUrl: string): NotificationView {
  const rendered = renderNotification(row.type, row.data);
  return {
    id: row.id,
    type: row.type as NotificationType,
    title: rendered.title,
    body: rendered.body,
    link: `${publicUrl}${rendered.path}`,
    data: row.data,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listNotifications(
  ctx: AppContext,
  userId: string,
  query: { unread?: boolean; limit: number; cursor?: string },
): Promise<Page<NotificationView>> {
  const rows = await repo.listForUser(ctx.db, userId, { unreadOnly: query.unread ?? false, limit: query.limit + 1, afterId: query.cursor });
  return keysetPage(
    rows,
    query.limit,
    (row) => row.id,
    (row) => toNotificationView(row, ctx.config.publicUrl),
  );
}

export async function markNotificationRead(ctx: AppContext, userId: string, id: string): Promise<NotificationView> {
  const row = await repo.markRead(ctx.db, id, userId);
  if (!row) throw notFound('Notification');
  return toNotificationView(row, ctx.config.publicUrl);
}

export async function markAllNotificationsRead(ctx: AppContext, userId: string): Promise<{ marked: number }> {
  return { marked: await repo.markAllRead(ctx.db, userId) };
}

export interface DeliveryAttempt {
  retryCount: number;
  retryLimit: number;
}

/**
 * Delivers a notice on each channel that can reach its recipient and has not succeeded yet. A failure
 * throws so the queue retries with backoff; on the last attempt it is recorded as failed instead.
 */
export async function deliverNotification(ctx: AppContext, notificationId: string, attempt: DeliveryAttempt): Promise<void> {
  const found = await repo.findWithRecipient(ctx.db, notificationId);
  if (!found || found.recipient.status === 'erased') return;
  const { notification, recipient } = found;
  const message = renderMessage(notification.type, notification.data, ctx.config.publicUrl, recipient.name);
  const alreadySent = await repo.sentChannels(ctx.db, notificationId);
  const finalAttempt = attempt.retryCount >= attempt.retryLimit;
  const failures: string[] = [];

  const startsAt = typeof notification.data.startsAt === 'string' ? new Date(notification.data.startsAt) : undefined;
  const notice = {
    id: notificationId,
    type: notification.type,
    shiftStartsAt: startsAt && !Number.isNaN(startsAt.getTime()) ? startsAt : undefined,
  };
  for (const channel of channelsFor(ctx)) {
    if (alreadySent.has(channel.name) || !channel.reaches(recipient)) continue;
    try {
      await channel.send(recipient, message, notice);
      await repo.recordDelivery(ctx.db, notificationId, channel.name, 'sent', null);
    } catch (error) {
      const reason = errorText(error);
      await repo.recordDelivery(ctx.db, notificationId, channel.name, finalAttempt ? 'failed' : 'retrying', reason.slice(0, 500));
      ctx.log.warn(
        { notificationId, channel: channel.name, attempt: attempt.retryCount + 1, final: finalAttempt, err: error },
        'notification delivery failed',
      );
      failures.push(channel.name);
    }
  }
  if (failures.length > 0 && !finalAttempt) throw new Error(`delivery failed on ${failures.join(', ')}; will retry`);
}

/** Whether a notice already reached its recipient by email (an SMS that failed then needs no email of its own). */
export async function wasEmailed(db: Executor, notificationId: string): Promise<boolean> {
  return (await repo.sentChannels(db, notificationId)).has('email');
}

export async function loadNotificationViews(ctx: AppContext, userId: string, afterId: string) {
  const rows = await repo.listCreatedAfter(ctx.db, userId, afterId, 50);
  return rows.map((row) => toNotificationView(row, ctx.config.publicUrl));
}

export async function loadNotificationView(ctx: AppContext, userId: string, id: string): Promise<NotificationView | undefined> {
  const row = await repo.findForUser(ctx.db, id, userId);
  return row ? toNotificationView(row, ctx.config.publicUrl) : undefined;
}

/** Every notice the user received, for the data-subject export. */
export async function exportNotifications(ctx: AppContext, userId: string): Promise<NotificationView[]> {
  return (await repo.allForUser(ctx.db, userId)).map((row) => toNotificationView(row, ctx.config.publicUrl));
}

/** Erasure: the notices (and their delivery records) go with the account. */
export async function eraseNotifications(tx: Transaction, userId: string): Promise<void> {
  await repo.deleteForUser(tx, userId);
}

/**
 * Mails a link to an address now, with no in-app notice: the account links (verification, password
 * reset, a new address to confirm) that must reach addresses not verified yet, and the text of a failed SMS.
 */
export async function sendAccountEmail(ctx: AppContext, to: string, content: EmailContent): Promise<void> {
  await mailSenderFor(ctx.config)({ to, ...renderEmail(content) });
}
