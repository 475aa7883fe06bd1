import { randomUUID } from 'node:crypto';
import webPush, { WebPushError } from 'web-push';
import type { PushMessage, PushSubscriptionInput } from '../../contracts/push.js';
import type { AppContext } from '../../platform/context.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { errorText, notFound } from '../../platform/errors.js';
import * as repo from './repository.js';
import { sendPushTask } from './tasks.js';

export type { PushMessage };

/** A push service that has not answered in this long is tried again later, by the task's retry. */
const PUSH_TIMEOUT_MS = 10_000;
/** How long a push service keeps a message for a browser that is offline; offers and payments are stale after. */
const PUSH_TTL_SECONDS = 12 * 3600;

export function vapidPublicKey(ctx: AppContext): { key: string } {
  return { key: ctx.config.vapid.publicKey };
}

export async function subscribe(ctx: AppContext, userId: string, input: PushSubscriptionInput) {
  const row = await repo.upsertSubscription(ctx.db, userId, { endpoint: input.endpoint, ...input.keys });
  return { endpoint: row.endpoint, createdAt: row.createdAt.toISOString() };
}

export async function unsubscribe(ctx: AppContext, userId: string, endpoint: string): Promise<void> {
  if (!(await repo.deleteSubscription(ctx.db, userId, endpoint))) throw notFound('Push subscription');
}

/**
 * Queues a push to the user's browsers inside the caller's transaction (a rollback pushes nothing);
 * it goes out from a task, so a slow push service never slows a request, and only if the user has
 * no live notification stream then: an open app already shows the news.
 */
export async function queuePush(ctx: AppContext, tx: Transaction, userId: string, message: PushMessage): Promise<void> {
  await ctx.queue.send(tx, sendPushTask, { userId, message }, { singletonKey: `${userId}:${message.tag}` });
}

/** The task's work: nothing while a stream is open anywhere, else a push to every browser of the user. */
export async function deliverPush(ctx: AppContext, userId: string, message: PushMessage): Promise<void> {
  if (await repo.hasLiveStream(ctx.db, userId)) return;
  await pushTo(ctx, userId, message);
}

/**
 * Sends `message`, encrypted for each of the user's subscriptions, through its push service. A
 * subscription the service calls gone (404, 410) is removed; any other failure throws once every
 * subscription was tried, for the task to retry (the notification's tag makes a repeat replace its copy).
 */
export async function pushTo(ctx: AppContext, userId: string, message: PushMessage): Promise<{ sent: number; removed: number }> {
  const { publicKey, privateKey, subject } = ctx.config.vapid;
  const payload = JSON.stringify(message);
  let sent = 0;
  let removed = 0;
  const failures: string[] = [];
  for (const subscription of await repo.subscriptionsOf(ctx.db, userId)) {
    try {
      await webPush.sendNotification(
        { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
        payload,
        {
          vapidDetails: { subject, publicKey, privateKey },
          TTL: PUSH_TTL_SECONDS,
          timeout: PUSH_TIMEOUT_MS,
        },
      );
      sent++;
    } catch (error) {
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) {
        await repo.deleteDeadSubscription(ctx.db, subscription);
        removed++;
      } else {
        failures.push(`${new URL(subscription.endpoint).host}: ${errorText(error)}`);
      }
    }
  }
  if (failures.length > 0) throw new Error(`push failed (${failures.join('; ')}); will retry`);
  return { sent, removed };
}

/**
 * Presence: each open notification stream keeps a row alive for `seconds` past its last heartbeat.
 * Any process's pushes see every process's streams; a process that dies leaves rows that lapse by themselves.
 */
export function streamPresence(ctx: AppContext, userId: string, seconds: number) {
  const id = randomUUID();
  // Chained, so an end that comes right after the open never overtakes the insert.
  let last: Promise<void> = Promise.resolve();
  const run = (work: () => Promise<void>) => {
    last = last.then(work).catch((error: unknown) => ctx.log.warn({ err: error, userId }, 'could not record a live stream'));
  };
  run(() => repo.keepStreamAlive(ctx.db, id, userId, seconds));
  return {
    beat: () => run(() => repo.keepStreamAlive(ctx.db, id, userId, seconds)),
    end: () => {
      run(() => repo.endStream(ctx.db, id));
      return last;
    },
  };
}

/** Erasure: the browsers of an erased account are never pushed to again. */
export async function erasePushSubscriptions(tx: Executor, userId: string): Promise<void> {
  await repo.deleteSubscriptionsOf(tx, userId);
}
