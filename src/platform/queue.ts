import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { sqlExecutorOf, type DatabaseHandle, type Transaction } from './db.js';
import { databaseUnavailableCause } from './db-errors.js';
import { QUEUE_SCHEMA, retryingOutcomes } from './queue-outcomes.js';

export interface RetryPolicy {
  retryLimit: number;
  /** Seconds before the first retry; doubled each time when `retryBackoff` is set. */
  retryDelay: number;
  retryBackoff: boolean;
  /**
   * How long an attempt may stay active before it counts as failed and is retried: a live worker
   * stops waiting for its handler then, and the job of a worker that died is failed by the next
   * queue maintenance any process runs. Keep it above the handler's slowest honest run.
   */
  expireInSeconds: number;
}

/** One entry of the typed job catalogue: a queue name, its payload schema and its retry policy. */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  retry: RetryPolicy;
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}

export interface SendOptions {
  startAfter?: Date | number;
  singletonKey?: string;
}

export interface WorkOptions {
  pollingIntervalSeconds?: number;
  batchSize?: number;
}

export type JobHandler<Schema extends z.ZodType> = (payload: z.output<Schema>, job: { id: string; retryCount: number; retryLimit: number }) => Promise<void>;

export interface Queue {
  start(definitions: readonly JobDefinition[]): Promise<void>;
  /** Enqueues inside `tx` when given, so a rollback enqueues nothing. */
  send<S extends z.ZodType>(tx: Transaction | undefined, job: JobDefinition<S>, payload: z.input<S>, options?: SendOptions): Promise<string | null>;
  work<S extends z.ZodType>(job: JobDefinition<S>, handler: JobHandler<S>, options?: WorkOptions): Promise<void>;
  schedule<S extends z.ZodType>(job: JobDefinition<S>, cron: string, payload: z.input<S>): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueSettings {
  /** How often expired active jobs are failed into a retry (pg-boss maintenance; one process does it per interval). */
  maintenanceIntervalSeconds?: number;
  /** Tests only: no job's expiry is longer than this. */
  expiryCapSeconds?: number;
}

export function createQueue(database: DatabaseHandle, logger: Logger, settings: QueueSettings = {}): Queue {
  let started = false;
  const boss = new PgBoss({
    db: retryingOutcomes(database.sql, logger, () => !started),
    schema: QUEUE_SCHEMA,
    schedule: true,
    supervise: true,
    // pg-boss refuses the key with an undefined value; absent, it maintains every 2 minutes.
    ...(settings.maintenanceIntervalSeconds ? { maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds } : {}),
    // The embedded database is one connection: poll it gently.
    monitorStateIntervalSeconds: database.driver === 'pglite' ? 60 : 30,
  });
  // Its maintenance and schedule checks keep failing while the database is down, and resume by themselves.
  boss.on('error', (error: Error) => {
    if (databaseUnavailableCause(error)) logger.warn({ err: error }, 'queue paused: database unavailable');
    else logger.error({ err: error }, 'queue error');
  });
  const defaultPolling = database.driver === 'pglite' ? 1 : 0.5;
  const policyOf = (definition: JobDefinition): RetryPolicy => ({
    ...definition.retry,
    expireInSeconds: Math.min(definition.retry.expireInSeconds, settings.expiryCapSeconds ?? Infinity),
  });

  return {
    async start(definitions) {
      await boss.start();
      started = true;
      for (const definition of definitions) {
        const options = { name: definition.name, policy: 'standard' as const, ...policyOf(definition) };
        const existing = await boss.getQueue(definition.name);
        if (existing) await boss.updateQueue(definition.name, options);
        else await boss.createQueue(definition.name, options);
      }
    },

    async send(tx, job, payload, options = {}) {
      const data = job.payload.parse(payload) as object;
      return boss.send(job.name, data, {
        ...policyOf(job),
        ...options,
        ...(tx ? { db: sqlExecutorOf(tx) as PgBoss.Db } : {}),
      });
    },

    async work(job, handler, options = {}) {
      await boss.work(
        job.name,
        { includeMetadata: true, pollingIntervalSeconds: options.pollingIntervalSeconds ?? defaultPolling, batchSize: options.batchSize ?? 1 },
        async (jobs) => {
          for (const current of jobs) {
            const payload = job.payload.parse(current.data);
            await handler(payload, { id: current.id, retryCount: current.retryCount, retryLimit: current.retryLimit });
          }
        },
      );
    },

    async schedule(job, cron, payload) {
      await boss.schedule(job.name, cron, job.payload.parse(payload) as object, { tz: 'Africa/Kampala' });
    },

    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
    },
  };
}
