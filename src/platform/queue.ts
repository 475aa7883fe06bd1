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
   * stops waiting for its handler then, and the task of a worker that died is failed by the next
   * queue maintenance any process runs. Keep it above the handler's slowest honest run.
   */
  expireInSeconds: number;
}

/** One entry of the typed task catalogue: a queue name, its payload schema and its retry policy. */
export interface TaskDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  retry: RetryPolicy;
}

export function defineTask<Schema extends z.ZodType>(definition: TaskDefinition<Schema>): TaskDefinition<Schema> {
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

export type TaskHandler<Schema extends z.ZodType> = (
  payload: z.output<Schema>,
  task: { id: string; retryCount: number; retryLimit: number },
) => Promise<void>;

export interface Queue {
  start(definitions: readonly TaskDefinition[]): Promise<void>;
  /** Enqueues inside `tx` when given, so a rollback enqueues nothing. */
  send<S extends z.ZodType>(
    tx: Transaction | undefined,
    task: TaskDefinition<S>,
    payload: z.input<S>,
    options?: SendOptions,
  ): Promise<string | null>;
  work<S extends z.ZodType>(task: TaskDefinition<S>, handler: TaskHandler<S>, options?: WorkOptions): Promise<void>;
  schedule<S extends z.ZodType>(task: TaskDefinition<S>, cron: string, payload: z.input<S>): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueSettings {
  /** How often expired active tasks are failed into a retry (pg-boss maintenance; one process does it per interval). */
  maintenanceIntervalSeconds?: number;
  /** Tests only: no task's expiry is longer than this. */
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
  const policyOf = (definition: TaskDefinition): RetryPolicy => ({
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

    async send(tx, task, payload, options = {}) {
      const data = task.payload.parse(payload) as object;
      return boss.send(task.name, data, {
        ...policyOf(task),
        ...options,
        ...(tx ? { db: sqlExecutorOf(tx) as PgBoss.Db } : {}),
      });
    },

    async work(task, handler, options = {}) {
      // Its id is known once work() resolves; a batch handled before then (PGlite answers within microtasks) just waits out the interval.
      const worker: { id?: string } = {};
      worker.id = await boss.work(
        task.name,
        {
          includeMetadata: true,
          pollingIntervalSeconds: options.pollingIntervalSeconds ?? defaultPolling,
          batchSize: options.batchSize ?? 1,
        },
        async (jobs) => {
          // A poll that found work polls again as soon as this is done: only an empty poll waits out
          // the interval, so a backlog drains at the handlers' pace, not one batch per interval.
          if (worker.id) boss.notifyWorker(worker.id);
          for (const current of jobs) {
            const payload = task.payload.parse(current.data);
            await handler(payload, { id: current.id, retryCount: current.retryCount, retryLimit: current.retryLimit });
          }
        },
      );
    },

    async schedule(task, cron, payload) {
      await boss.schedule(task.name, cron, task.payload.parse(payload) as object, { tz: 'Africa/Kampala' });
    },

    async stop() {
      if (!started) return;
      started = false;
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 10_000 });
    },
  };
}
