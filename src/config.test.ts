import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionPayoutEnv, productionVapidEnv } from '../test/support/env.js';
import { ConfigError, loadConfig } from './config.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'qgig-config-'));

describe('loadConfig', () => {
  it('refuses to start in production without secrets, naming each missing one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: tempDir() });
    } catch (error) {
      expect(String(error)).toMatch(
        /JWT_SECRET.*ENCRYPTION_KEY.*PUBLIC_URL.*VAPID_PUBLIC_KEY.*VAPID_PRIVATE_KEY.*VAPID_SUBJECT.*PESAPAL_BASE_URL.*MOMO_BASE_URL.*AIRTEL_BASE_URL/,
      );
    }
  });

  it('never generates a secret in production, even when a development one exists on disk', () => {
    const dataDir = tempDir();
    loadConfig({ DATA_DIR: dataDir });
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir })).toThrow(/JWT_SECRET/);
  });

  const production = () => ({
    NODE_ENV: 'production',
    DATA_DIR: tempDir(),
    JWT_SECRET: 'x'.repeat(40),
    ENCRYPTION_KEY: 'ab'.repeat(32),
    PUBLIC_URL: 'https://qgig.example.ug/',
    PESAPAL_BASE_URL: 'https://pay.pesapal.com/v3',
    PESAPAL_CONSUMER_KEY: 'key',
    PESAPAL_CONSUMER_SECRET: 'secret',
    AT_BASE_URL: 'https://api.africastalking.com',
    AT_USERNAME: 'qgig',
    AT_API_KEY: 'at-key',
    AT_SHORTCODE: '21284',
    AT_CALLBACK_KEY: 'k'.repeat(32),
    ...productionPayoutEnv(),
    ...productionVapidEnv(),
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig(production());
    expect(config.isProduction).toBe(true);
    expect(config.publicUrl).toBe('https://qgig.example.ug');
    expect(config.encryptionKey).toHaveLength(32);
  });

  it("requires Africa's Talking in production: no simulator runs there", () => {
    const { AT_BASE_URL: _unset, ...withoutAt } = production();
    expect(() => loadConfig(withoutAt)).toThrow(/AT_BASE_URL/);
    expect(() => loadConfig({ ...production(), AT_CALLBACK_KEY: '' })).toThrow(/AT_CALLBACK_KEY/);
    expect(loadConfig(production()).africasTalking).toEqual({
      baseUrl: 'https://api.africastalking.com',
      username: 'qgig',
      apiKey: 'at-key',
      senderId: undefined,
      shortcode: '21284',
    });
  });

  it("leaves Africa's Talking unset (the simulator) in development, and refuses half a configuration", () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).africasTalking).toBeUndefined();
    expect(() => loadConfig({ DATA_DIR: tempDir(), AT_BASE_URL: 'https://api.sandbox.africastalking.com' })).toThrow(
      /AT_USERNAME, AT_API_KEY and AT_SHORTCODE/,
    );
    expect(() => loadConfig({ DATA_DIR: tempDir(), AT_API_KEY: 'k' })).toThrow(/AT_BASE_URL is required/);
  });

  it("requires both payout networks in production, and all of a network's variables once its base URL is set", () => {
    expect(() => loadConfig({ ...production(), MOMO_BASE_URL: '' })).toThrow(/MOMO_BASE_URL/);
    expect(() => loadConfig({ ...production(), AIRTEL_PUBLIC_KEY: '' })).toThrow(/AIRTEL_PUBLIC_KEY/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), MOMO_BASE_URL: 'https://sandbox.momodeveloper.mtn.com', MOMO_API_USER: 'u' })).toThrow(
      /MOMO_SUBSCRIPTION_KEY, MOMO_API_USER, MOMO_API_KEY and MOMO_TARGET_ENVIRONMENT/,
    );
    const config = loadConfig(production());
    expect(config.momo).toMatchObject({ baseUrl: 'https://proxy.momoapi.mtn.com', targetEnvironment: 'mtnuganda' });
    expect(config.airtel).toMatchObject({ baseUrl: 'https://openapi.airtel.africa', pin: '1234' });
  });

  it('outside production, unset payout variables mean the simulators', () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect([config.momo, config.airtel, config.payoutTimeoutMs]).toEqual([undefined, undefined, 15_000]);
  });

  it('refuses the tests-only queue expiry cap in production', () => {
    expect(() => loadConfig({ ...production(), QUEUE_EXPIRY_CAP_SECONDS: '5' })).toThrow(/QUEUE_EXPIRY_CAP_SECONDS/);
  });

  it('keeps backups in DATA_DIR/backups, the newest 14, unless told otherwise', () => {
    const dataDir = tempDir();
    expect(loadConfig({ DATA_DIR: dataDir }).backup).toEqual({ dir: path.join(dataDir, 'backups'), keep: 14 });
    expect(loadConfig({ DATA_DIR: dataDir, BACKUP_DIR: '/var/backups/qgig', BACKUP_KEEP: '30' }).backup).toEqual({
      dir: '/var/backups/qgig',
      keep: 30,
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });

  it('maintains the queue every 30 s and leaves job expiries alone unless told otherwise', () => {
    const dataDir = tempDir();
    expect(loadConfig({ DATA_DIR: dataDir }).queue).toEqual({ maintenanceIntervalSeconds: 30, expiryCapSeconds: undefined });
    expect(loadConfig({ DATA_DIR: dataDir, QUEUE_MAINTENANCE_INTERVAL_SECONDS: '1', QUEUE_EXPIRY_CAP_SECONDS: '5' }).queue).toEqual({
      maintenanceIntervalSeconds: 1,
      expiryCapSeconds: 5,
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, QUEUE_MAINTENANCE_INTERVAL_SECONDS: '0' })).toThrow(/QUEUE_MAINTENANCE_INTERVAL_SECONDS/);
    expect(() => loadConfig({ DATA_DIR: dataDir, QUEUE_EXPIRY_CAP_SECONDS: 'soon' })).toThrow(/QUEUE_EXPIRY_CAP_SECONDS/);
  });

  it('keeps uploads on local disk unless S3_BUCKET names a bucket, and wants both S3 keys or neither', () => {
    const dataDir = tempDir();
    expect(loadConfig({ DATA_DIR: dataDir }).s3).toBeUndefined();
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        S3_BUCKET: 'qgig',
        S3_ENDPOINT: 'https://fly.storage.tigris.dev',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
      }).s3,
    ).toEqual({
      bucket: 'qgig',
      endpoint: 'https://fly.storage.tigris.dev',
      region: 'auto',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    expect(loadConfig({ DATA_DIR: dataDir, S3_BUCKET: 'qgig', S3_REGION: 'af-south-1' }).s3).toEqual({
      bucket: 'qgig',
      endpoint: undefined,
      region: 'af-south-1',
      credentials: undefined,
    });
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_BUCKET: 'qgig', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_ENDPOINT: 'https://fly.storage.tigris.dev' })).toThrow(/S3_BUCKET is required/);
    expect(() => loadConfig({ DATA_DIR: dataDir, S3_BUCKET: 'qgig', S3_ENDPOINT: 'ftp://store' })).toThrow(/S3_ENDPOINT/);
  });

  it('shows *284*77# as the USSD code unless USSD_SERVICE_CODE names another, and refuses what is not a USSD code', () => {
    expect(loadConfig({ DATA_DIR: tempDir() }).ussdServiceCode).toBe('*284*77#');
    expect(loadConfig({ DATA_DIR: tempDir(), USSD_SERVICE_CODE: '*165#' }).ussdServiceCode).toBe('*165#');
    expect(loadConfig({ DATA_DIR: tempDir(), USSD_SERVICE_CODE: '*384*1234*2#' }).ussdServiceCode).toBe('*384*1234*2#');
    for (const bad of ['284*77#', '*284*77', '*284**77#', '*#', '*284*7a#', '*٢٨٤#', ' *284*77#', '*284*77#; DROP TABLE users', '#284#'])
      expect(() => loadConfig({ DATA_DIR: tempDir(), USSD_SERVICE_CODE: bad }), bad).toThrow(/USSD_SERVICE_CODE/);
  });

  it('trusts a number of proxy hops or named proxies, and refuses TRUST_PROXY=true, which trusts what the client writes', () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true .*number of proxies/);
    expect(loadConfig({ DATA_DIR: tempDir(), TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: tempDir(), TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: tempDir(), TRUST_PROXY: '10.0.0.1, 10.1.0.0/16' }).trustProxy).toEqual(['10.0.0.1', '10.1.0.0/16']);
  });

  it('rejects malformed values with the variable name', () => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), ENCRYPTION_KEY: 'too-short' })).toThrow(/ENCRYPTION_KEY/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), DATABASE_URL: 'mysql://localhost/qgig' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), ADMIN_EMAIL: 'admin@example.ug' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('generates development secrets once, private to the owner, and reuses them', () => {
    const dataDir = tempDir();
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    const file = path.join(dataDir, 'dev-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(first.jwtSecret);
    expect(first.databaseUrl).toBeUndefined();
    expect(first.publicUrl).toBe('http://127.0.0.1:3000');
    expect(second.vapid).toEqual(first.vapid);
    expect(first.vapid.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(first.vapid.subject).toBe('mailto:support@qgig.ug');
  });

  it('adds a VAPID pair to a development secrets file written before web push, keeping its other secrets', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, 'dev-secrets.json');
    writeFileSync(file, JSON.stringify({ jwtSecret: 'j'.repeat(48), encryptionKey: 'cd'.repeat(32) }), { mode: 0o600 });
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.jwtSecret).toBe('j'.repeat(48));
    expect(config.vapid.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadConfig({ DATA_DIR: dataDir }).vapid).toEqual(config.vapid);
  });

  it('wants both VAPID keys or neither, each in its base64url form', () => {
    const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY } = productionVapidEnv();
    expect(() => loadConfig({ DATA_DIR: tempDir(), VAPID_PUBLIC_KEY })).toThrow(/set together/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: 'not a key' })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), VAPID_SUBJECT: 'ops@qgig.ug' })).toThrow(/VAPID_SUBJECT/);
    expect(loadConfig({ DATA_DIR: tempDir(), VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY }).vapid.publicKey).toBe(VAPID_PUBLIC_KEY);
  });
});
