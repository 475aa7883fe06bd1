import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN, AIRTEL_SIMULATOR_PREFIX, inProcessAirtelKeys } from './airtel/settings.js';
import { airtelMoneySimulator } from './airtel/simulator.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_PREFIX, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from './mtn/settings.js';
import { mtnMomoSimulator } from './mtn/simulator.js';

/** The zero-setup default outside production: each payout network whose API is not configured, spoken by a simulator on this server. */
export async function mountPayoutSimulators(app: FastifyInstance, config: Config): Promise<void> {
  if (!config.momo) {
    await app.register(mtnMomoSimulator, {
      prefix: MOMO_SIMULATOR_PREFIX,
      credentials: MOMO_SIMULATOR_CREDENTIALS,
      targetEnvironment: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
    });
  }
  if (!config.airtel) {
    await app.register(airtelMoneySimulator, {
      prefix: AIRTEL_SIMULATOR_PREFIX,
      credentials: AIRTEL_SIMULATOR_CREDENTIALS,
      pin: AIRTEL_SIMULATOR_PIN,
      keys: inProcessAirtelKeys,
    });
  }
}
