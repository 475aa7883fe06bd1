import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webPush from 'web-push';
import { z } from 'zod';
import { passwordProblem } from './contracts/password-policy.js';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
  // At least 2: the start holds one connection for the migration lock while pg-boss installs through another.
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default(true),
  RESPONSE_CACHE_MB: z.coerce.number().int().min(0).max(4_096).default(32),
  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  S3_REGION: z.string().trim().min(1).default('auto'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  BACKUP_DIR: optionalString,
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(14),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  JWT_SECRET: optionalString.pipe(z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional()),
  ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'ENCRYPTION_KEY must be 64 hex characters (32 bytes)')
      .optional(),
  ),
  PESAPAL_BASE_URL: optionalString.pipe(z.url().optional()),
  PESAPAL_CONSUMER_KEY: optionalString,
  PESAPAL_CONSUMER_SECRET: optionalString,
  PESAPAL_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  PESAPAL_SIMULATOR_TOKEN_TTL_SECONDS: z.coerce.number().int().min(1).default(300),
  PLATFORM_FEE_PERCENT: z.coerce.number().int('PLATFORM_FEE_PERCENT is a whole percentage').min(0).max(100).default(10),
  PAYMENT_EXPIRY_MINUTES: z.coerce.number().int('PAYMENT_EXPIRY_MINUTES is whole minutes').min(1).default(60),
  FAVOURITES_HEAD_START_MINUTES: z.coerce
    .number()
    .int('FAVOURITES_HEAD_START_MINUTES is whole minutes')
    .min(0)
    .max(1440, 'FAVOURITES_HEAD_START_MINUTES is at most 1440 (a day)')
    .default(10),
  MOMO_BASE_URL: optionalString.pipe(z.url().optional()),
  MOMO_SUBSCRIPTION_KEY: optionalString,
  MOMO_API_USER: optionalString,
  MOMO_API_KEY: optionalString,
  MOMO_TARGET_ENVIRONMENT: optionalString,
  AIRTEL_BASE_URL: optionalString.pipe(z.url().optional()),
  AIRTEL_CLIENT_ID: optionalString,
  AIRTEL_CLIENT_SECRET: optionalString,
  AIRTEL_PIN: optionalString,
  AIRTEL_PUBLIC_KEY: optionalString,
  PAYOUT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  SMTP_URL: optionalString.pipe(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: z.string().default('Qgig <no-reply@qgig.ug>'),
  AT_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AT_USERNAME: optionalString,
  AT_API_KEY: optionalString,
  AT_SENDER_ID: optionalString,
  AT_SHORTCODE: optionalString.pipe(
    z
      .string()
      .regex(/^\d{3,8}$/, 'AT_SHORTCODE must be the digits of the shortcode')
      .optional(),
  ),
  AT_CALLBACK_KEY: optionalString.pipe(z.string().min(16, 'AT_CALLBACK_KEY must be at least 16 characters').optional()),
  AT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  USSD_SERVICE_CODE: z
    .string()
    .regex(/^\*\d{1,6}(\*\d{1,6}){0,4}#$/, 'USSD_SERVICE_CODE must be a USSD code: *, digits and * between, then #, e.g. *284*77#')
    .default('*284*77#'),
  SMS_QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]\d|2[0-3])-([01]\d|2[0-3]))$/, 'SMS_QUIET_HOURS is "off" or FROM-UNTIL hours, e.g. 21-07')
    .default('21-07'),
  ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  SUPPORT_EMAIL: z.email('SUPPORT_EMAIL must be an email address').default('support@qgig.ug'),
  SUPPORT_PHONE: optionalString,
  ADMIN_PASSWORD: optionalString,
  TRUST_PROXY: optionalString,
  CORS_ORIGINS: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_WORKERS: booleanFlag.default(true),
  QUEUE_MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  QUEUE_EXPIRY_CAP_SECONDS: optionalString.pipe(z.coerce.number<string | undefined>().int().min(1).optional()),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  LOGIN_FAILURES_PER_15_MINUTES: z.coerce.number().int().min(1).default(5),
  NOTIFICATION_STREAM_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(20),
  NOTIFICATION_STREAM_MAX_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  VAPID_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{87}$/, 'VAPID_PUBLIC_KEY must be a base64url P-256 public key (87 characters)')
      .optional(),
  ),
  VAPID_PRIVATE_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'VAPID_PRIVATE_KEY must be a base64url P-256 private key (43 characters)')
      .optional(),
  ),
  VAPID_SUBJECT: optionalString.pipe(
    z
      .string()
      .regex(/^(mailto:|https:\/\/)/, 'VAPID_SUBJECT must be a mailto: or https: URL')
      .optional(),
  ),
});

export type Env = z.input<typeof EnvSchema>;

export interface Config {
  env: 'development' | 'test' | 'production';
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** How long a query waits for a PostgreSQL connection before the request fails with 503. */
  databaseConnectTimeoutMs: number;
  databasePreparedStatements: boolean;
  /** Memory for cached answers (browse pages, match lists), in bytes; 0 turns the cache off. */
  responseCacheBytes: number;
  /**
   * Unset: uploads on local disk in DATA_DIR. Set: an S3-compatible bucket; without keys the SDK's own
   * credential chain (AWS_* variables, an instance role) applies.
   */
  s3:
    | {
        bucket: string;
        endpoint: string | undefined;
        region: string;
        credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      }
    | undefined;
  /** Where `npm run backup` and the daily task write dumps, and how many of the newest they keep. */
  backup: { dir: string; keep: number };
  publicUrl: string;
  jwtSecret: string;
  encryptionKey: Buffer;
  /** Unset: the simulator is mounted in-process (never in production). */
  pesapal: { baseUrl: string; consumerKey: string; consumerSecret: string } | undefined;
  pesapalTimeoutMs: number;
  pesapalSimulatorTokenTtlSeconds: number;
  /** Qgig's fee on top of a shift's pay, a whole percentage, fixed on a job when it is posted or edited. */
  platformFeePercent: number;
  /** A checkout left pending this long is cancelled at PesaPal and marked failed, so the job can be paid again. */
  paymentExpiryMinutes: number;
  /** How long an institution's favourites see its new shifts alone; 0 turns the head start off. */
  favouritesHeadStartMinutes: number;
  /** MTN MoMo Disbursement; unset: the simulator is mounted in-process (never in production). */
  momo: { baseUrl: string; subscriptionKey: string; apiUser: string; apiKey: string; targetEnvironment: string } | undefined;
  /** Airtel Money Disbursement; unset: the simulator is mounted in-process (never in production). */
  airtel: { baseUrl: string; clientId: string; clientSecret: string; pin: string; publicKey: string } | undefined;
  /** Timeout of every MTN and Airtel call; a timeout is never taken as a failed payout. */
  payoutTimeoutMs: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Africa's Talking; unset: the simulator is mounted in-process (never in production). */
  africasTalking: { baseUrl: string; username: string; apiKey: string; senderId: string | undefined; shortcode: string } | undefined;
  /** When set, the Africa's Talking callbacks answer 404 unless `?key=` carries it. */
  atCallbackKey: string | undefined;
  atTimeoutMs: number;
  /** The USSD code professionals dial, as shown to them (Africa's Talking routes it to POST /ussd). */
  ussdServiceCode: string;
  /** Kampala hours in which no SMS goes (deferred to `untilHour`), except sign-in codes and imminent shifts; undefined: none. */
  smsQuietHours: { fromHour: number; untilHour: number } | undefined;
  admin: { email: string; password: string } | undefined;
  /** Where people reach Qgig's staff: told to a suspended user, among others. */
  support: { email: string; phone: string | undefined };
  /** false, the number of proxy hops in front, or the proxy addresses/CIDRs to trust; never "all". */
  trustProxy: false | number | string[];
  corsOrigins: string[];
  logLevel: string;
  runWorkers: boolean;
  /**
   * How often a process looks for tasks left active past their expiry (their worker died or hung) to
   * retry them; `expiryCapSeconds` (tests only) shortens every task's expiry to at most that.
   */
  queue: { maintenanceIntervalSeconds: number; expiryCapSeconds: number | undefined };
  authRateLimitPerMinute: number;
  loginFailuresPer15Minutes: number;
  /** A live stream's session is checked at each heartbeat, and the stream ends after `maxSeconds` (or its token's expiry) at the latest. */
  notificationStream: { heartbeatSeconds: number; maxSeconds: number };
  /** Web push: the application server's VAPID key pair and the contact push services may use. */
  vapid: { publicKey: string; privateKey: string; subject: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads `file` (the working directory's `.env`) into process.env when it exists, as .env.example
 * says; a variable the environment already sets wins. Node's own parser (process.loadEnvFile, in
 * every Node this runs on, unlike --env-file-if-exists).
 */
export function loadEnvFile(file = '.env'): void {
  if (!existsSync(file)) return;
  try {
    process.loadEnvFile(file);
  } catch (error) {
    throw new ConfigError(`${path.resolve(file)} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What a file-system failure in DATA_DIR means to the person starting Qgig; undefined for any other error. */
export function dataDirProblem(dataDir: string, error: unknown): string | undefined {
  const { code, path: failedPath } = error as { code?: unknown; path?: unknown };
  if (typeof code !== 'string' || typeof failedPath !== 'string') return undefined;
  const inside = path.relative(dataDir, path.resolve(failedPath));
  if (inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return `DATA_DIR ${dataDir} cannot be used (${(error as Error).message}); set DATA_DIR to a directory Qgig may create and write`;
}

/** Parses the environment once; every other module receives the typed result. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const vars = parsed.data;
  const isProduction = vars.NODE_ENV === 'production';
  const dataDir = path.resolve(vars.DATA_DIR);

  if (isProduction) requireProductionSecrets(vars);
  if (isProduction && vars.QUEUE_EXPIRY_CAP_SECONDS !== undefined) {
    throw new ConfigError('QUEUE_EXPIRY_CAP_SECONDS is for tests: in production it would let a backup be retried while it still runs');
  }
  let secrets: DevelopmentSecrets | undefined;
  try {
    secrets = isProduction ? undefined : developmentSecrets(dataDir);
  } catch (error) {
    const problem = dataDirProblem(dataDir, error);
    throw problem ? new ConfigError(problem) : error;
  }

  return {
    env: vars.NODE_ENV,
    isProduction,
    port: vars.PORT,
    host: vars.HOST,
    dataDir,
    databaseUrl: vars.DATABASE_URL,
    databasePoolSize: vars.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: vars.DATABASE_CONNECT_TIMEOUT_MS,
    databasePreparedStatements: vars.DATABASE_PREPARED_STATEMENTS,
    responseCacheBytes: vars.RESPONSE_CACHE_MB * 1024 * 1024,
    s3: s3Settings(vars),
    backup: { dir: path.resolve(vars.BACKUP_DIR ?? path.join(dataDir, 'backups')), keep: vars.BACKUP_KEEP },
    publicUrl: (vars.PUBLIC_URL ?? `http://${vars.HOST}:${vars.PORT}`).replace(/\/+$/, ''),
    jwtSecret: vars.JWT_SECRET ?? secrets!.jwtSecret,
    encryptionKey: Buffer.from(vars.ENCRYPTION_KEY ?? secrets!.encryptionKey, 'hex'),
    pesapal: pesapalSettings(vars),
    pesapalTimeoutMs: vars.PESAPAL_TIMEOUT_MS,
    pesapalSimulatorTokenTtlSeconds: vars.PESAPAL_SIMULATOR_TOKEN_TTL_SECONDS,
    platformFeePercent: vars.PLATFORM_FEE_PERCENT,
    paymentExpiryMinutes: vars.PAYMENT_EXPIRY_MINUTES,
    favouritesHeadStartMinutes: vars.FAVOURITES_HEAD_START_MINUTES,
    momo: momoSettings(vars),
    airtel: airtelSettings(vars),
    payoutTimeoutMs: vars.PAYOUT_TIMEOUT_MS,
    smtpUrl: vars.SMTP_URL,
    mailFrom: vars.MAIL_FROM,
    africasTalking: africasTalkingSettings(vars),
    atCallbackKey: vars.AT_CALLBACK_KEY,
    atTimeoutMs: vars.AT_TIMEOUT_MS,
    ussdServiceCode: vars.USSD_SERVICE_CODE,
    smsQuietHours:
      vars.SMS_QUIET_HOURS === 'off'
        ? undefined
        : { fromHour: Number(vars.SMS_QUIET_HOURS.slice(0, 2)), untilHour: Number(vars.SMS_QUIET_HOURS.slice(3)) },
    admin: adminSettings(vars),
    support: { email: vars.SUPPORT_EMAIL, phone: vars.SUPPORT_PHONE },
    trustProxy: parseTrustProxy(vars.TRUST_PROXY),
    corsOrigins: (vars.CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    logLevel: vars.LOG_LEVEL,
    runWorkers: vars.RUN_WORKERS,
    queue: { maintenanceIntervalSeconds: vars.QUEUE_MAINTENANCE_INTERVAL_SECONDS, expiryCapSeconds: vars.QUEUE_EXPIRY_CAP_SECONDS },
    authRateLimitPerMinute: vars.AUTH_RATE_LIMIT_PER_MINUTE,
    loginFailuresPer15Minutes: vars.LOGIN_FAILURES_PER_15_MINUTES,
    notificationStream: { heartbeatSeconds: vars.NOTIFICATION_STREAM_HEARTBEAT_SECONDS, maxSeconds: vars.NOTIFICATION_STREAM_MAX_SECONDS },
    vapid: vapidSettings(vars, secrets),
  };
}

type ParsedEnv = z.output<typeof EnvSchema>;

function requireProductionSecrets(vars: ParsedEnv): void {
  const missing: string[] = [];
  if (!vars.JWT_SECRET) missing.push('JWT_SECRET');
  if (!vars.ENCRYPTION_KEY) missing.push('ENCRYPTION_KEY');
  if (!vars.PUBLIC_URL) missing.push('PUBLIC_URL');
  for (const name of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const) if (!vars[name]) missing.push(name);
  if (!vars.PESAPAL_BASE_URL) missing.push('PESAPAL_BASE_URL');
  if (vars.PESAPAL_BASE_URL && !vars.PESAPAL_CONSUMER_KEY) missing.push('PESAPAL_CONSUMER_KEY');
  if (vars.PESAPAL_BASE_URL && !vars.PESAPAL_CONSUMER_SECRET) missing.push('PESAPAL_CONSUMER_SECRET');
  for (const name of ['AT_BASE_URL', 'AT_USERNAME', 'AT_API_KEY', 'AT_SHORTCODE', 'AT_CALLBACK_KEY'] as const)
    if (!vars[name]) missing.push(name);
  // No simulator in production: each payout network's API is required.
  if (!vars.MOMO_BASE_URL) missing.push('MOMO_BASE_URL');
  if (!vars.AIRTEL_BASE_URL) missing.push('AIRTEL_BASE_URL');
  if (missing.length > 0) {
    throw new ConfigError(`NODE_ENV=production needs these variables, and nothing falls back to a generated value: ${missing.join(', ')}`);
  }
}

function pesapalSettings(vars: ParsedEnv): Config['pesapal'] {
  if (!vars.PESAPAL_BASE_URL) return undefined;
  if (!vars.PESAPAL_CONSUMER_KEY || !vars.PESAPAL_CONSUMER_SECRET) {
    throw new ConfigError('PESAPAL_BASE_URL is set, so PESAPAL_CONSUMER_KEY and PESAPAL_CONSUMER_SECRET are required');
  }
  return {
    baseUrl: vars.PESAPAL_BASE_URL.replace(/\/+$/, ''),
    consumerKey: vars.PESAPAL_CONSUMER_KEY,
    consumerSecret: vars.PESAPAL_CONSUMER_SECRET,
  };
}

function s3Settings(vars: ParsedEnv): Config['s3'] {
  const keys = [vars.S3_ACCESS_KEY_ID, vars.S3_SECRET_ACCESS_KEY];
  if (keys.filter(Boolean).length === 1) throw new ConfigError('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  if (!vars.S3_BUCKET) {
    if (vars.S3_ENDPOINT || keys.some(Boolean)) throw new ConfigError('S3_ENDPOINT and the S3 keys are set, so S3_BUCKET is required');
    return undefined;
  }
  return {
    bucket: vars.S3_BUCKET,
    endpoint: vars.S3_ENDPOINT,
    region: vars.S3_REGION,
    credentials:
      vars.S3_ACCESS_KEY_ID && vars.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: vars.S3_ACCESS_KEY_ID, secretAccessKey: vars.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}

function momoSettings(vars: ParsedEnv): Config['momo'] {
  if (!vars.MOMO_BASE_URL) return undefined;
  const {
    MOMO_SUBSCRIPTION_KEY: subscriptionKey,
    MOMO_API_USER: apiUser,
    MOMO_API_KEY: apiKey,
    MOMO_TARGET_ENVIRONMENT: targetEnvironment,
  } = vars;
  if (!subscriptionKey || !apiUser || !apiKey || !targetEnvironment) {
    throw new ConfigError(
      'MOMO_BASE_URL is set, so MOMO_SUBSCRIPTION_KEY, MOMO_API_USER, MOMO_API_KEY and MOMO_TARGET_ENVIRONMENT are required',
    );
  }
  return { baseUrl: vars.MOMO_BASE_URL.replace(/\/+$/, ''), subscriptionKey, apiUser, apiKey, targetEnvironment };
}

function airtelSettings(vars: ParsedEnv): Config['airtel'] {
  if (!vars.AIRTEL_BASE_URL) return undefined;
  const { AIRTEL_CLIENT_ID: clientId, AIRTEL_CLIENT_SECRET: clientSecret, AIRTEL_PIN: pin, AIRTEL_PUBLIC_KEY: publicKey } = vars;
  if (!clientId || !clientSecret || !pin || !publicKey) {
    throw new ConfigError(
      'AIRTEL_BASE_URL is set, so AIRTEL_CLIENT_ID, AIRTEL_CLIENT_SECRET, AIRTEL_PIN and AIRTEL_PUBLIC_KEY are required',
    );
  }
  return { baseUrl: vars.AIRTEL_BASE_URL.replace(/\/+$/, ''), clientId, clientSecret, pin, publicKey };
}

function africasTalkingSettings(vars: ParsedEnv): Config['africasTalking'] {
  if (!vars.AT_BASE_URL) {
    if (vars.AT_USERNAME || vars.AT_API_KEY) throw new ConfigError('AT_USERNAME and AT_API_KEY are set, so AT_BASE_URL is required');
    return undefined;
  }
  if (!vars.AT_USERNAME || !vars.AT_API_KEY || !vars.AT_SHORTCODE) {
    throw new ConfigError('AT_BASE_URL is set, so AT_USERNAME, AT_API_KEY and AT_SHORTCODE are required');
  }
  return {
    baseUrl: vars.AT_BASE_URL.replace(/\/+$/, ''),
    username: vars.AT_USERNAME,
    apiKey: vars.AT_API_KEY,
    senderId: vars.AT_SENDER_ID,
    shortcode: vars.AT_SHORTCODE,
  };
}

function adminSettings(vars: ParsedEnv): Config['admin'] {
  if (!vars.ADMIN_EMAIL && !vars.ADMIN_PASSWORD) return undefined;
  if (!vars.ADMIN_EMAIL || !vars.ADMIN_PASSWORD) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  const problem = passwordProblem(vars.ADMIN_PASSWORD, vars.ADMIN_EMAIL);
  if (problem) throw new ConfigError(`ADMIN_PASSWORD is not acceptable: ${problem}`);
  return { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD };
}

/**
 * The proxies in front: how many hops append to X-Forwarded-For (1 behind Fly.io's or Render's edge),
 * or their addresses. `true` would take the header's first entry, which the client writes itself.
 */
function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  if (value === undefined || value === 'false' || value === '0') return false;
  if (value === 'true') {
    throw new ConfigError(
      'TRUST_PROXY=true would trust every X-Forwarded-For entry, so a client could choose its own address: set the number of proxies in front of the app (1 on Fly.io, Render and Railway) or their addresses',
    );
  }
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** The environment a child process (pg_dump, pg_restore) inherits, with `overrides` on top. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

interface DevelopmentSecrets {
  jwtSecret: string;
  encryptionKey: string;
  vapidPublicKey: string;
  vapidPrivateKey: string;
}

/** A key pair must be whole: half of one from the environment and half generated would never verify. */
function vapidSettings(vars: ParsedEnv, secrets: DevelopmentSecrets | undefined): Config['vapid'] {
  if (Boolean(vars.VAPID_PUBLIC_KEY) !== Boolean(vars.VAPID_PRIVATE_KEY)) {
    throw new ConfigError('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together');
  }
  return {
    publicKey: vars.VAPID_PUBLIC_KEY ?? secrets!.vapidPublicKey,
    privateKey: vars.VAPID_PRIVATE_KEY ?? secrets!.vapidPrivateKey,
    subject: vars.VAPID_SUBJECT ?? `mailto:${vars.SUPPORT_EMAIL}`,
  };
}

function generateVapidKeys(): { vapidPublicKey: string; vapidPrivateKey: string } {
  const { publicKey, privateKey } = webPush.generateVAPIDKeys();
  return { vapidPublicKey: publicKey, vapidPrivateKey: privateKey };
}

/** Outside production, secrets are generated once and kept in DATA_DIR so restarts keep sessions and files readable. */
function developmentSecrets(dataDir: string): DevelopmentSecrets {
  const file = path.join(dataDir, 'dev-secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevelopmentSecrets>) : {};
  // A file written before web push existed gains a VAPID pair; what it held stays as it was.
  if (kept.jwtSecret && kept.encryptionKey && kept.vapidPublicKey && kept.vapidPrivateKey) return kept as DevelopmentSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: DevelopmentSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    encryptionKey: randomBytes(32).toString('hex'),
    ...generateVapidKeys(),
    ...kept,
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}
