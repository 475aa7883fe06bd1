import { globalAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { sql } from 'drizzle-orm';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { accepted, openEventStream, raise } from '../../../test/support/notifications.js';
import { makeInstitution } from '../../../test/support/profile-factories.js';
import { queuedTasks } from '../../../test/support/queue.js';
import { TestPushService, type TestSubscription } from '../../../test/support/push-service.js';
import { deliverPush, pushTo, queuePush } from './service.js';

let t: TestApp;
let pushService: TestPushService;
const previousCa = globalAgent.options.ca;

beforeAll(async () => {
  pushService = await TestPushService.start();
  // In-process, the test certificate is trusted the way NODE_EXTRA_CA_CERTS trusts it in a server process.
  globalAgent.options.ca = [...rootCertificates, pushService.ca];
  t = await startTestApp({ workers: true });
});
afterAll(async () => {
  await t.close();
  await pushService.close();
  globalAgent.options.ca = previousCa;
});

const message = (tag: string) => ({ title: 'Shift accepted', body: 'Nakato Sarah takes the teacher shift', path: '/jobs/1', tag });

async function subscribedUser(existing?: RegisteredUser): Promise<{ user: RegisteredUser; subscription: TestSubscription }> {
  const user = existing ?? (await registerUser(t.app));
  const subscription = await pushService.subscribe(t.ctx.config.vapid.publicKey);
  const response = await call(t.app, 'POST', '/me/push-subscriptions', {
    token: user.accessToken,
    body: { endpoint: subscription.endpoint, keys: subscription.keys },
  });
  expect(response.status).toBe(201);
  expect(response.body.endpoint).toBe(subscription.endpoint);
  return { user, subscription };
}

async function subscriptionOwners(endpoint: string): Promise<string[]> {
  const result = await t.ctx.db.execute(sql`SELECT user_id FROM push_subscriptions WHERE endpoint = ${endpoint}`);
  return rowsOf<{ user_id: string }>(result).map((row) => row.user_id);
}

describe('the VAPID public key', () => {
  it('is the configured key, to anyone, in the form PushManager.subscribe takes', async () => {
    const response = await call(t.app, 'GET', '/push/vapid-public-key');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ key: t.ctx.config.vapid.publicKey });
    const point = Buffer.from(response.body.key, 'base64url');
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
  });
});

describe('push subscriptions', () => {
  it('refuses a caller without a token', async () => {
    const subscription = await pushService.subscribe(t.ctx.config.vapid.publicKey);
    expect((await call(t.app, 'POST', '/me/push-subscriptions', { body: subscription })).status).toBe(401);
  });

  it('answers 422 naming the field for what is not a browser’s push subscription', async () => {
    const user = await registerUser(t.app);
    const good = await pushService.subscribe(t.ctx.config.vapid.publicKey);
    const bad: [unknown, string][] = [
      [{ endpoint: good.endpoint.replace('https:', 'http:'), keys: good.keys }, 'endpoint'],
      [{ endpoint: 'javascript:alert(1)', keys: good.keys }, 'endpoint'],
      [{ endpoint: `${good.endpoint}/${'x'.repeat(2100)}`, keys: good.keys }, 'endpoint'],
      [{ endpoint: good.endpoint }, 'keys'],
      [{ endpoint: good.endpoint, keys: { ...good.keys, p256dh: good.keys.auth } }, 'p256dh'],
      [{ endpoint: good.endpoint, keys: { ...good.keys, p256dh: `${good.keys.p256dh.slice(0, -2)}==` } }, 'p256dh'],
      [{ endpoint: good.endpoint, keys: { ...good.keys, auth: "'; DROP TABLE push_subscriptions; --" } }, 'auth'],
      [{ endpoint: good.endpoint, keys: { p256dh: 12, auth: good.keys.auth } }, 'p256dh'],
      [{ endpoint: good.endpoint, keys: { ...good.keys, auth: 'ü'.repeat(22) } }, 'auth'],
    ];
    for (const [body, field] of bad) {
      const response = await call(t.app, 'POST', '/me/push-subscriptions', { token: user.accessToken, body });
      expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.body.errors)).toContain(field);
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/push-subscriptions',
      headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/json' },
      payload: '{"endpoint": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await subscriptionOwners(good.endpoint)).toEqual([]);
  });

  it('keeps one row per endpoint: subscribing it again moves it to the latest caller, and twice at once is still one', async () => {
    const { user, subscription } = await subscribedUser();
    const other = await registerUser(t.app);
    const body = { endpoint: subscription.endpoint, keys: subscription.keys };
    const answers = await Promise.all(
      [other, other, user, other].map((caller) => call(t.app, 'POST', '/me/push-subscriptions', { token: caller.accessToken, body })),
    );
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    const owners = await subscriptionOwners(subscription.endpoint);
    expect(owners).toHaveLength(1);
    expect([user.id, other.id]).toContain(owners[0]);
  });

  it('stops pushing to a browser the caller unsubscribes, and 404s an endpoint the caller does not hold', async () => {
    const { user, subscription } = await subscribedUser();
    const stranger = await registerUser(t.app);
    const body = { endpoint: subscription.endpoint, keys: subscription.keys };
    expect((await call(t.app, 'DELETE', '/me/push-subscriptions', { token: stranger.accessToken, body })).status).toBe(404);
    expect(await subscriptionOwners(subscription.endpoint)).toEqual([user.id]);
    expect((await call(t.app, 'DELETE', '/me/push-subscriptions', { token: user.accessToken, body })).status).toBe(204);
    expect(await subscriptionOwners(subscription.endpoint)).toEqual([]);
    expect(await pushTo(t.ctx, user.id, message('gone'))).toEqual({ sent: 0, removed: 0 });
  });
});

describe('erasure', () => {
  it('forgets the browsers of an erased account, which are never pushed to again', async () => {
    const { user, subscription } = await subscribedUser();
    expect((await call(t.app, 'DELETE', '/me', { token: user.accessToken })).status).toBe(204);
    expect(await subscriptionOwners(subscription.endpoint)).toEqual([]);
    expect(await pushTo(t.ctx, user.id, message('erased'))).toEqual({ sent: 0, removed: 0 });
  });
});

describe('pushing', () => {
  it('delivers an accepted shift, encrypted, to the right user’s browsers only', async () => {
    const alice = await subscribedUser();
    const bob = await subscribedUser();
    const notificationId = await raise(t, accepted(alice.user.id, { professionalName: 'Okello Ünal <b>' }));

    const received = await vi.waitFor(
      async () => {
        const messages = await pushService.messages(alice.subscription.clientHash);
        expect(messages).toHaveLength(1);
        return messages;
      },
      { timeout: 15_000, interval: 200 },
    );
    const pushed = JSON.parse(received[0]!) as Record<string, string>;
    expect(pushed.tag).toBe(notificationId);
    expect(pushed.title).toMatch(/accepted/i);
    expect(pushed.body).toContain('Okello Ünal <b>');
    expect(pushed.path).toMatch(/^\/jobs\//);
    expect(await pushService.messages(bob.subscription.clientHash)).toEqual([]);
  });

  it('removes a subscription the push service answers 410 Gone, and keeps pushing to the user’s other browsers', async () => {
    const { user, subscription: phone } = await subscribedUser();
    const laptop = await pushService.subscribe(t.ctx.config.vapid.publicKey);
    await call(t.app, 'POST', '/me/push-subscriptions', {
      token: user.accessToken,
      body: { endpoint: laptop.endpoint, keys: laptop.keys },
    });
    await pushService.expire(phone.clientHash);

    expect(await pushTo(t.ctx, user.id, message('payment'))).toEqual({ sent: 1, removed: 1 });
    expect(await subscriptionOwners(phone.endpoint)).toEqual([]);
    expect(await subscriptionOwners(laptop.endpoint)).toEqual([user.id]);
    expect(await pushService.messages(laptop.clientHash)).toHaveLength(1);
  });

  it('fails, for the task to retry, when the push service refuses the push for another reason, keeping the subscription', async () => {
    const { user, subscription } = await subscribedUser();
    // A subscription made for another application server key: the push service rejects our VAPID signature.
    const foreign = await pushService.subscribe(webPush.generateVAPIDKeys().publicKey);
    await t.ctx.db.execute(sql`UPDATE push_subscriptions SET endpoint = ${foreign.endpoint} WHERE endpoint = ${subscription.endpoint}`);
    await expect(pushTo(t.ctx, user.id, message('refused'))).rejects.toThrow(/push failed \(127\.0\.0\.1/);
    expect(await subscriptionOwners(foreign.endpoint)).toEqual([user.id]);
  });

  it('pushes nothing while the user has a notification stream open anywhere, and pushes again once it closes', async () => {
    const { user, subscription } = await subscribedUser();
    const base = await t.listen();
    const controller = new AbortController();
    const response = await fetch(`${base}/api/v1/notifications/stream?access_token=${user.accessToken}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    const liveRows = async () =>
      rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM live_streams WHERE user_id = ${user.id}`))[0]!.n;
    await vi.waitFor(async () => expect(await liveRows()).toBe(1), { timeout: 5000 });

    await deliverPush(t.ctx, user.id, message('while-open'));
    expect(await pushService.messages(subscription.clientHash)).toEqual([]);

    controller.abort();
    await vi.waitFor(async () => expect(await liveRows()).toBe(0), { timeout: 5000 });
    await deliverPush(t.ctx, user.id, message('after-close'));
    expect((await pushService.messages(subscription.clientHash)).map((text) => JSON.parse(text).tag)).toEqual(['after-close']);
  });

  it('ignores the row of a stream whose process died once its heartbeat lapsed', async () => {
    const { user, subscription } = await subscribedUser();
    await t.ctx.db.execute(
      sql`INSERT INTO live_streams (id, user_id, expires_at) VALUES (gen_random_uuid(), ${user.id}, now() - interval '1 second')`,
    );
    await deliverPush(t.ctx, user.id, message('lapsed'));
    expect(await pushService.messages(subscription.clientHash)).toHaveLength(1);
  });

  it('queues nothing when the caller’s transaction rolls back', async () => {
    const { user, subscription } = await subscribedUser();
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await queuePush(t.ctx, tx, user.id, message('rolled-back'));
        throw new Error('the job update failed');
      }),
    ).rejects.toThrow();
    await t.ctx.db.transaction((tx) => queuePush(t.ctx, tx, user.id, message('committed')));
    await vi.waitFor(async () => expect(await pushService.messages(subscription.clientHash)).toHaveLength(1), { timeout: 15_000 });
    expect(JSON.parse((await pushService.messages(subscription.clientHash))[0]!).tag).toBe('committed');
  });
});

describe('what is pushed', () => {
  const pushesTo = async (subscription: TestSubscription, tag = '') =>
    (await pushService.messages(subscription.clientHash))
      .map((text) => JSON.parse(text) as Record<string, string>)
      .filter((pushed) => pushed.tag!.startsWith(tag));
  const waitForPushes = (subscription: TestSubscription, count: number, tag = '') =>
    vi.waitFor(
      async () => {
        const pushes = await pushesTo(subscription, tag);
        expect(pushes).toHaveLength(count);
        return pushes;
      },
      { timeout: 15_000, interval: 200 },
    );

  it('a party’s message, to the recipient only: the sender’s name, the text cut short, the job page; nothing while their app is open', async () => {
    const institution = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx, {}, 'Nakato Sarah');
    const recipient = await subscribedUser(professional);
    const sender = await subscribedUser(institution);
    const jobId = (await postJob(t.app, institution.accessToken, { date: nextKampalaDate(1, 3) })).body.id as string;
    expect((await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken })).status).toBe(200);
    const send = (token: string, body: string) => call(t.app, 'POST', `/jobs/${jobId}/messages`, { token, body: { body } });

    // 118 characters, then an emoji at the cut: a cut by UTF-16 unit would halve it.
    const opening = 'Please report to the staff room at 07:45. '.repeat(3).slice(0, 118);
    expect((await send(institution.accessToken, `${opening}😀 <b>and</b> thank you for covering</script>`)).status).toBe(201);
    const [pushed] = await waitForPushes(recipient.subscription, 1, 'message:');
    expect(pushed).toEqual({
      title: 'Message from Namubiru Agnes',
      body: `${opening}😀…`,
      path: `/jobs/${jobId}`,
      tag: `message:${jobId}`,
    });
    // The institution hears of the accept, never of its own message.
    expect(await pushesTo(sender.subscription, 'message:')).toEqual([]);

    // The reply goes the other way.
    expect((await send(professional.accessToken, 'Noted, see you then.')).status).toBe(201);
    expect((await waitForPushes(sender.subscription, 1, 'message:'))[0]).toMatchObject({
      title: 'Message from Nakato Sarah',
      body: 'Noted, see you then.',
    });

    const stream = await openEventStream(await t.listen(), professional.accessToken);
    try {
      await vi.waitFor(
        async () =>
          expect(rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM live_streams WHERE user_id = ${professional.id}`))).toHaveLength(1),
        { timeout: 5000 },
      );
      expect((await send(institution.accessToken, 'The gate code is 4711.')).status).toBe(201);
      await vi.waitFor(
        async () => {
          const [task] = await queuedTasks(t.ctx, 'push.send', { userId: professional.id, message: { body: 'The gate code is 4711.' } });
          expect(task?.state).toBe('completed');
        },
        { timeout: 15_000, interval: 200 },
      );
      expect(stream.events.map((event) => event.event)).toContain('message');
      expect(await pushesTo(recipient.subscription)).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('a payout sent, to the professional paid, opening the payouts page', async () => {
    const { user, subscription } = await subscribedUser();
    await raise(t, {
      userId: user.id,
      type: 'payout.sent',
      data: { jobId: crypto.randomUUID(), jobRole: 'nurse', payoutId: crypto.randomUUID(), amount: 62_500, currency: 'UGX' },
    });
    const [pushed] = await waitForPushes(subscription, 1);
    expect(pushed).toMatchObject({ title: 'Payout sent', path: '/payouts' });
    expect(pushed!.body).toContain('UGX 62,500');
  });
});
