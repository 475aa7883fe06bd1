import { pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** The IPN URL registered with PesaPal once per API base, and the ipn_id every order must carry. */
export const pesapalIpnRegistrations = pgTable(
  'pesapal_ipn_registrations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    apiBaseUrl: text('api_base_url').notNull(),
    ipnUrl: text('ipn_url').notNull(),
    notificationType: text('notification_type').notNull(),
    ipnId: text('ipn_id').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('pesapal_ipn_registrations_base_url_key').on(t.apiBaseUrl, t.ipnUrl)],
);
