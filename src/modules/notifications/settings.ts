import { eq, sql } from 'drizzle-orm';
import type { NotificationSettings } from '../../contracts/notifications.js';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { notificationSettings } from './schema.js';

export const DEFAULT_SETTINGS: NotificationSettings = { email: true, sms: true, shiftOffers: true };

/** The channels a person wants; every one is on until they change it. */
export async function notificationSettingsOf(db: Executor, userId: string): Promise<NotificationSettings> {
  const [row] = await db
    .select({ email: notificationSettings.email, sms: notificationSettings.sms, shiftOffers: notificationSettings.shiftOffers })
    .from(notificationSettings)
    .where(eq(notificationSettings.userId, userId));
  return row ?? DEFAULT_SETTINGS;
}

export async function saveNotificationSettings(
  db: Executor,
  userId: string,
  settings: Partial<NotificationSettings>,
): Promise<NotificationSettings> {
  const [row] = await db
    .insert(notificationSettings)
    .values({ ...DEFAULT_SETTINGS, ...settings, userId })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...settings, updatedAt: sql`now()` } })
    .returning({ email: notificationSettings.email, sms: notificationSettings.sms, shiftOffers: notificationSettings.shiftOffers });
  return row!;
}

/** STOP / START by SMS: SMS off or on for the account holding that phone; its id, or undefined when no account holds it. */
export async function setSmsByPhone(db: Executor, phone: string, sms: boolean): Promise<string | undefined> {
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone));
  if (!user) return undefined;
  await saveNotificationSettings(db, user.id, { sms });
  return user.id;
}
