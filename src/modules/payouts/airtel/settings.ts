import type { Config } from '../../../config.js';
import type { AirtelMoneyClientOptions } from './client.js';
import { generateAirtelKeyPair, portalPublicKey, type AirtelKeyPair } from './simulator.js';

/** Where the in-process simulator is mounted: its base URL is `${PUBLIC_URL}/airtel-sim`. */
export const AIRTEL_SIMULATOR_PREFIX = '/airtel-sim';
/** The simulator's credentials and wallet PIN: it only ever runs outside production. */
export const AIRTEL_SIMULATOR_CREDENTIALS = { clientId: 'qgig-airtel-simulator-client', clientSecret: 'qgig-airtel-simulator-secret' };
export const AIRTEL_SIMULATOR_PIN = '2468';

let inProcessKeys: AirtelKeyPair | undefined;

/** The in-process simulator's RSA key pair, made on first use (a few tens of ms) and shared with the client of this process. */
export function inProcessAirtelKeys(): AirtelKeyPair {
  return (inProcessKeys ??= generateAirtelKeyPair());
}

export function airtelConnection(config: Config): Omit<AirtelMoneyClientOptions, 'timeoutMs'> {
  return (
    config.airtel ?? {
      baseUrl: `${config.publicUrl}${AIRTEL_SIMULATOR_PREFIX}`,
      ...AIRTEL_SIMULATOR_CREDENTIALS,
      pin: AIRTEL_SIMULATOR_PIN,
      publicKey: portalPublicKey(inProcessAirtelKeys()),
    }
  );
}
