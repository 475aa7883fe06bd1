import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { liveStreams, pushSubscriptions } from './schema.js';

export type SubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** The endpoint is unique: subscribing it again (another account on the same browser, new keys) moves it. */
export async function upsertSubscription(
  db: Executor,
  userId: string,
  subscription: { endpoint: string; p256dh: string; auth: string },
): Promise<SubscriptionRow> {
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ userId, ...subscription })
    .onConflictDoUpdate({
      target: pushSubscriptions.endpoint,
      set: { userId, p256dh: subscription.p256dh, auth: subscription.auth, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function deleteSubscription(db: Executor, userId: string, endpoint: string): Promise<boolean> {
  const rows = await db
    .delete(pushSubscriptions)
    .where(and(eq(pushSubscriptions.userId, userId), eq(pushSubscriptions.endpoint, endpoint)))
    .returning({ id: pushSubscriptions.id });
  return rows.length > 0;
}

/** Removes a subscription the push service called gone, unless it was renewed (new keys) or moved since it was read. */
export async function deleteDeadSubscription(db: Executor, dead: SubscriptionRow): Promise<void> {
  await db
    .delete(pushSubscriptions)
    .where(
      and(
        eq(pushSubscriptions.id, dead.id),
        eq(pushSubscriptions.userId, dead.userId),
        eq(pushSubscriptions.p256dh, dead.p256dh),
        eq(pushSubscriptions.auth, dead.auth),
      ),
    );
}

export async function subscriptionsOf(db: Executor, userId: string): Promise<SubscriptionRow[]> {
  return db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
}

export async function deleteSubscriptionsOf(db: Executor, userId: string): Promise<void> {
  await db.delete(pushSubscriptions).where(eq(pushSubscriptions.userId, userId));
}

export async function keepStreamAlive(db: Executor, id: string, userId: string, seconds: number): Promise<void> {
  const expiresAt = sql`now() + make_interval(secs => ${seconds})`;
  await db.insert(liveStreams).values({ id, userId, expiresAt }).onConflictDoUpdate({ target: liveStreams.id, set: { expiresAt } });
}

export async function endStream(db: Executor, id: string): Promise<void> {
  await db.delete(liveStreams).where(eq(liveStreams.id, id));
}

/** Whether any process holds a live stream of the user; rows of dead processes are cleared on the way. */
export async function hasLiveStream(db: Executor, userId: string): Promise<boolean> {
  await db.delete(liveStreams).where(and(eq(liveStreams.userId, userId), lte(liveStreams.expiresAt, sql`now()`)));
  const [row] = await db
    .select({ id: liveStreams.id })
    .from(liveStreams)
    .where(and(eq(liveStreams.userId, userId), gt(liveStreams.expiresAt, sql`now()`)))
    .limit(1);
  return row !== undefined;
}
