import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { notificationDeliveries, notificationSettings, notifications } from './schema.js';

export type NotificationRow = typeof notifications.$inferSelect;

/** Newest first, keyset-paged on (created_at, id) after the notice `afterId` (its exact timestamp is read in SQL). */
export async function listForUser(db: Executor, userId: string, options: { unreadOnly: boolean; limit: number; afterId?: string }) {
  const conditions = [eq(notifications.userId, userId)];
  if (options.unreadOnly) conditions.push(isNull(notifications.readAt));
  if (options.afterId) {
    conditions.push(
      sql`(${notifications.createdAt}, ${notifications.id}) < (SELECT created_at, id FROM notifications WHERE id = ${options.afterId})`,
    );
  }
  return db
    .select()
    .from(notifications)
    .where(and(...conditions))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(options.limit);
}

export async function findForUser(db: Executor, id: string, userId: string): Promise<NotificationRow | undefined> {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  return row;
}

/** Notices created after the one the client saw last (SSE reconnection with Last-Event-ID). */
export async function listCreatedAfter(db: Executor, userId: string, lastSeenId: string, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        sql`${notifications.createdAt} > (SELECT created_at FROM notifications WHERE id = ${lastSeenId} AND user_id = ${userId})`,
      ),
    )
    .orderBy(notifications.createdAt, notifications.id)
    .limit(limit);
}

export async function markRead(db: Executor, id: string, userId: string): Promise<NotificationRow | undefined> {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  return row;
}

export async function markAllRead(db: Executor, userId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findWithRecipient(db: Executor, id: string) {
  const [row] = await db
    .select({
      notification: notifications,
      recipient: {
        userId: users.id,
        name: users.name,
        email: users.email,
        emailVerified: sql<boolean>`${users.emailVerifiedAt} IS NOT NULL`,
        phone: users.phone,
        status: users.status,
        wantsEmail: sql<boolean>`coalesce(${notificationSettings.email}, true)`,
        wantsSms: sql<boolean>`coalesce(${notificationSettings.sms}, true)`,
      },
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(notificationSettings, eq(notificationSettings.userId, notifications.userId))
    .where(eq(notifications.id, id));
  return row;
}

export async function sentChannels(db: Executor, notificationId: string): Promise<Set<string>> {
  const rows = await db
    .select({ channel: notificationDeliveries.channel })
    .from(notificationDeliveries)
    .where(and(eq(notificationDeliveries.notificationId, notificationId), eq(notificationDeliveries.status, 'sent')));
  return new Set(rows.map((row) => row.channel));
}

export async function recordDelivery(
  db: Executor,
  notificationId: string,
  channel: string,
  status: 'sent' | 'retrying' | 'failed',
  lastError: string | null,
): Promise<void> {
  await db
    .insert(notificationDeliveries)
    .values({ notificationId, channel, status, lastError })
    .onConflictDoUpdate({
      target: [notificationDeliveries.notificationId, notificationDeliveries.channel],
      set: { status, lastError, attempts: sql`${notificationDeliveries.attempts} + 1`, updatedAt: sql`now()` },
    });
}

export async function allForUser(db: Executor, userId: string): Promise<NotificationRow[]> {
  return db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.createdAt);
}

export async function deleteForUser(tx: Executor, userId: string): Promise<void> {
  await tx.delete(notifications).where(eq(notifications.userId, userId));
}
