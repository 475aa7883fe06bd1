import { generateKeyPairSync, randomBytes } from 'node:crypto';
import webPush from 'web-push';
import { databaseUrl } from './postgres.js';

/** The environment of a Qgig process under test (in-process app, spawned server, or the e2e server). */
export function testEnv(dataDir: string, database: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    DATABASE_POOL_SIZE: '10',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    RUN_WORKERS: 'false',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    // Tests run at any hour: SMS wait for no quiet hours but those a test sets itself.
    SMS_QUIET_HOURS: 'off',
    ...overrides,
  };
}

/** The least a production process needs (secrets come from testEnv); PesaPal, the payout networks and Africa's Talking are never called by these. */
export function productionEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://qgig.example.ug',
    PESAPAL_BASE_URL: 'https://cybqa.pesapal.com/pesapalv3',
    PESAPAL_CONSUMER_KEY: 'k',
    PESAPAL_CONSUMER_SECRET: randomBytes(8).toString('hex'),
    AT_BASE_URL: 'https://api.sandbox.africastalking.com',
    AT_USERNAME: 'sandbox',
    AT_API_KEY: randomBytes(8).toString('hex'),
    AT_SHORTCODE: '21284',
    AT_CALLBACK_KEY: randomBytes(16).toString('hex'),
    ...productionPayoutEnv(),
    ...productionVapidEnv(),
    TRUST_PROXY: '1',
    ...overrides,
  };
}

/** Both payout networks' variables, which production requires (no simulator runs there). */
export function productionPayoutEnv(): Record<string, string> {
  return {
    MOMO_BASE_URL: 'https://proxy.momoapi.mtn.com',
    MOMO_SUBSCRIPTION_KEY: 'disbursement-key',
    MOMO_API_USER: 'c72025f5-5cd1-4630-99e4-8ba4722fad56',
    MOMO_API_KEY: randomBytes(8).toString('hex'),
    MOMO_TARGET_ENVIRONMENT: 'mtnuganda',
    AIRTEL_BASE_URL: 'https://openapi.airtel.africa',
    AIRTEL_CLIENT_ID: 'client',
    AIRTEL_CLIENT_SECRET: randomBytes(8).toString('hex'),
    AIRTEL_PIN: '1234',
    AIRTEL_PUBLIC_KEY: generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'der' })
      .toString('base64'),
  };
}

/** A web push key pair and contact, which production requires. */
export function productionVapidEnv(): Record<string, string> {
  const keys = webPush.generateVAPIDKeys();
  return { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: 'mailto:ops@qgig.example.ug' };
}
