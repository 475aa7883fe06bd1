import { AIRTEL_SIMULATOR_CREDENTIALS, AIRTEL_SIMULATOR_PIN } from '../../src/modules/payouts/airtel/settings.js';
import {
  airtelMoneySimulator,
  generateAirtelKeyPair,
  portalPublicKey,
  type AirtelSimulatorOptions,
} from '../../src/modules/payouts/airtel/simulator.js';
import { MOMO_SIMULATOR_CREDENTIALS, MOMO_SIMULATOR_TARGET_ENVIRONMENT } from '../../src/modules/payouts/mtn/settings.js';
import { mtnMomoSimulator, type MtnSimulatorOptions } from '../../src/modules/payouts/mtn/simulator.js';
import { controlsFor, simulatorServer, type RunningSimulator } from './pesapal.js';

/** The MTN MoMo simulator on a free loopback port; `baseUrl` is what MOMO_BASE_URL would be. */
export async function startMomoSimulator(options: Partial<MtnSimulatorOptions> = {}): Promise<RunningSimulator> {
  const app = simulatorServer();
  await app.register(mtnMomoSimulator, {
    credentials: MOMO_SIMULATOR_CREDENTIALS,
    targetEnvironment: MOMO_SIMULATOR_TARGET_ENVIRONMENT,
    ...options,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return controlsFor(origin, origin, origin, () => app.close());
}

/** The Airtel simulator on a free loopback port, with a key pair of its own whose public half is `publicKey`. */
export async function startAirtelSimulator(options: Partial<AirtelSimulatorOptions> = {}) {
  const keyPair = generateAirtelKeyPair();
  const app = simulatorServer();
  await app.register(airtelMoneySimulator, {
    credentials: AIRTEL_SIMULATOR_CREDENTIALS,
    pin: AIRTEL_SIMULATOR_PIN,
    keys: () => keyPair,
    ...options,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  return { ...controlsFor(origin, origin, origin, () => app.close()), keyPair, publicKey: portalPublicKey(keyPair) };
}
