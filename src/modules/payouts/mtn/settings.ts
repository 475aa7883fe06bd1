import type { Config } from '../../../config.js';
import type { MtnMomoClientOptions } from './client.js';

/** Where the in-process simulator is mounted: its base URL is `${PUBLIC_URL}/momo-sim`. */
export const MOMO_SIMULATOR_PREFIX = '/momo-sim';
/** The simulator's credentials: it only ever runs outside production. */
export const MOMO_SIMULATOR_CREDENTIALS = {
  subscriptionKey: 'qgig-momo-simulator-key',
  apiUser: '5f0c1b8e-6a4d-4c39-9d0e-2b7a9c3e1f42',
  apiKey: 'qgig-momo-simulator-api-key',
};
export const MOMO_SIMULATOR_TARGET_ENVIRONMENT = 'mtnuganda';

export function momoConnection(config: Config): Omit<MtnMomoClientOptions, 'timeoutMs'> {
  return (
    config.momo ?? {
      baseUrl: `${config.publicUrl}${MOMO_SIMULATOR_PREFIX}`,
      ...MOMO_SIMULATOR_CREDENTIALS,
      targetEnvironment: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
    }
  );
}
