import type { AppContext } from '../../platform/context.js';
import { AirtelMoneyClient } from './airtel/client.js';
import { airtelConnection } from './airtel/settings.js';
import { MtnMomoClient } from './mtn/client.js';
import { momoConnection } from './mtn/settings.js';
import type { PayoutNetwork, PayoutProvider } from './provider.js';

const providers = new WeakMap<AppContext, Map<PayoutNetwork, PayoutProvider>>();

/**
 * The process's payout provider for a network (one token cache per network per process): the real
 * API when its variables are set, otherwise the simulator mounted on this server.
 */
export function payoutProvider(ctx: AppContext, network: PayoutNetwork): PayoutProvider {
  let byNetwork = providers.get(ctx);
  if (!byNetwork) providers.set(ctx, (byNetwork = new Map()));
  let provider = byNetwork.get(network);
  if (!provider) {
    const timeoutMs = ctx.config.payoutTimeoutMs;
    provider =
      network === 'mtn'
        ? new MtnMomoClient({ ...momoConnection(ctx.config), timeoutMs })
        : new AirtelMoneyClient({ ...airtelConnection(ctx.config), timeoutMs });
    byNetwork.set(network, provider);
  }
  return provider;
}
