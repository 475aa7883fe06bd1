import type { AppContext } from '../../platform/context.js';
import { PesapalClient } from './pesapal/client.js';
import { createIpnRegistry } from './pesapal/ipn-registration.js';
import { PesapalPaymentProvider } from './pesapal/pesapal-provider.js';
import { IPN_PATH, pesapalConnection } from './pesapal/settings.js';
import type { PaymentProvider } from './provider.js';

const providers = new WeakMap<AppContext, PaymentProvider>();

/** The process's payment provider (one token cache and IPN registration per process). */
export function paymentProvider(ctx: AppContext): PaymentProvider {
  let provider = providers.get(ctx);
  if (!provider) {
    const connection = pesapalConnection(ctx.config);
    const log = ctx.log.child({ component: 'pesapal' });
    const client = new PesapalClient({
      baseUrl: connection.baseUrl,
      consumerKey: connection.consumerKey,
      consumerSecret: connection.consumerSecret,
      timeoutMs: ctx.config.pesapalTimeoutMs,
      log,
    });
    const ipnId = createIpnRegistry({
      db: ctx.db,
      client,
      apiBaseUrl: connection.baseUrl,
      ipnUrl: `${ctx.config.publicUrl}${IPN_PATH}`,
      notificationType: 'GET',
      log,
    });
    provider = new PesapalPaymentProvider(client, ipnId);
    providers.set(ctx, provider);
  }
  return provider;
}
