import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Executor } from '../../../platform/db.js';
import { pesapalIpnRegistrations } from '../schema.js';
import type { PesapalClient } from './client.js';
import type { IpnNotificationType } from './wire.js';

export interface IpnRegistrationOptions {
  db: Executor;
  client: PesapalClient;
  apiBaseUrl: string;
  ipnUrl: string;
  notificationType: IpnNotificationType;
  log: Logger;
}

/**
 * The ipn_id for our IPN URL: read from the database, else found in PesaPal's list, else registered,
 * and kept. Lazy, so the server starts (and the in-process simulator listens) before PesaPal is asked.
 */
export function createIpnRegistry(options: IpnRegistrationOptions): () => Promise<string> {
  let known: string | undefined;
  let inFlight: Promise<string> | undefined;

  async function resolve(): Promise<string> {
    const { apiBaseUrl } = options;
    const where = and(eq(pesapalIpnRegistrations.apiBaseUrl, apiBaseUrl), eq(pesapalIpnRegistrations.ipnUrl, options.ipnUrl));
    const [stored] = await options.db.select({ ipnId: pesapalIpnRegistrations.ipnId }).from(pesapalIpnRegistrations).where(where);
    if (stored) return stored.ipnId;

    // A shared sandbox merchant lists hundreds of other people's URLs: match ours exactly before registering.
    const listed = (await options.client.listIpns()).find(
      (ipn) => ipn.url === options.ipnUrl && ipn.ipn_notification_type_description === options.notificationType && ipn.ipn_status !== 0,
    );
    const ipnId = listed?.ipn_id ?? (await options.client.registerIpn(options.ipnUrl, options.notificationType)).ipn_id;
    await options.db
      .insert(pesapalIpnRegistrations)
      .values({ apiBaseUrl, ipnUrl: options.ipnUrl, notificationType: options.notificationType, ipnId })
      .onConflictDoNothing();
    const [kept] = await options.db.select({ ipnId: pesapalIpnRegistrations.ipnId }).from(pesapalIpnRegistrations).where(where);
    options.log.info({ ipnUrl: options.ipnUrl, reused: Boolean(listed) }, 'PesaPal IPN URL registered');
    return kept?.ipnId ?? ipnId;
  }

  return async () => {
    if (known) return known;
    inFlight ??= resolve().finally(() => {
      inFlight = undefined;
    });
    known = await inFlight;
    return known;
  };
}
