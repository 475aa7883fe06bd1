import type { Config } from '../../../config.js';

/** Where the in-process simulator is mounted; its API base is `${PUBLIC_URL}/pesapal-sim/pesapalv3`. */
export const SIMULATOR_PREFIX = '/pesapal-sim';
/** The in-process simulator's credentials: it only ever runs outside production, on this server. */
export const SIMULATOR_CREDENTIALS = { consumerKey: 'qgig-simulator-key', consumerSecret: 'qgig-simulator-secret' };
export const IPN_PATH = '/api/v1/payments/pesapal/ipn';

export interface PesapalConnection {
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  simulated: boolean;
}

export function pesapalConnection(config: Config): PesapalConnection {
  if (config.pesapal) return { ...config.pesapal, simulated: false };
  return { baseUrl: `${config.publicUrl}${SIMULATOR_PREFIX}/pesapalv3`, ...SIMULATOR_CREDENTIALS, simulated: true };
}
