import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { productionEnv } from '../../../test/support/env.js';
import { createAdmin, markEmailVerified, registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { accepted, deliveries, openEventStream, raise } from '../../../test/support/notifications.js';
import { eventually } from '../../../test/support/pesapal.js';
import { fastForwardTasks } from '../../../test/support/queue.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { deliverNotificationTask } from './tasks.js';
import { STREAMS_PER_USER } from './live-stream.js';
import { notify } from './service.js';

describe('email over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ workers: true, env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://qgig.example.ug' } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends the job-accepted mail to the right person with a link back to Qgig', async () => {
    const institution = await registerUser(t.app, { role: 'institution', name: 'St Mary’s School' });
    await markEmailVerified(t.ctx, institution.id);
    const jobId = randomUUID();
    const id = await raise(t, accepted(institution.id, { jobId }));
    const mail = await eventually(() => smtp.messages.find((message) => message.text?.includes(jobId)));
    expect(mail.to).toMatchObject({ value: [{ address: institution.email }] });
    expect(mail.from?.value[0]?.address).toBe('no-reply@qgig.ug');
    expect(mail.subject).toBe('Your shift was accepted');
    expect(mail.text).toContain(`https://qgig.example.ug/jobs/${jobId}`);
    expect(mail.text).toContain('Nakato Sarah accepted the teacher shift on Tue, 1 Dec 2026, 08:00');
    expect(mail.html).toContain(`href="https://qgig.example.ug/jobs/${jobId}"`);
    await eventually(async () => (await emailDelivery(t, id))?.status === 'sent');
  });

  it('escapes what users wrote in the HTML mail', async () => {
    const institution = await registerUser(t.app, { role: 'institution' });
    await markEmailVerified(t.ctx, institution.id);
    const jobId = randomUUID();
    await raise(t, accepted(institution.id, { jobId, professionalName: '<img src=x onerror=alert(1)>' }));
    const mail = await eventually(() => smtp.messages.find((message) => message.text?.includes(jobId)));
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const user = await registerUser(t.app);
    await markEmailVerified(t.ctx, user.id);
    const jobId = randomUUID();
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await notify(t.ctx, tx, accepted(user.id, { jobId }));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // A later notice for the same person arrives; the rolled-back one never does.
    const later = randomUUID();
    await raise(t, accepted(user.id, { jobId: later }));
    await eventually(() => smtp.messages.find((message) => message.text?.includes(later)));
    expect(smtp.messages.some((message) => message.text?.includes(jobId))).toBe(false);
    const stored = await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM notifications WHERE data->>'jobId' = ${jobId}`);
    expect(rowsOf<{ n: number }>(stored)[0]!.n).toBe(0);
  });
});

/** The email channel's delivery of a notice (SMS is on beside it by default). */
const emailDelivery = async (t: TestApp, id: string) => (await deliveries(t, id)).find((delivery) => delivery.channel === 'email');

describe('email when the SMTP server is down', () => {
  it('retries with backoff and delivers exactly once when the server comes back', async () => {
    const probe = await startSmtpServer();
    const port = probe.port;
    await probe.close();
    const t = await startTestApp({ workers: true, env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      const user = await registerUser(t.app);
      await markEmailVerified(t.ctx, user.id);
      const id = await raise(t, accepted(user.id));
      await eventually(async () => (await emailDelivery(t, id))?.status === 'retrying');

      const smtp = await startSmtpServer(port);
      try {
        await eventually(async () => {
          await fastForwardTasks(t.ctx, deliverNotificationTask.name);
          return (await emailDelivery(t, id))?.status === 'sent';
        });
        const delivery = await emailDelivery(t, id);
        expect(delivery!.attempts).toBeGreaterThanOrEqual(2);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(smtp.messages.filter((message) => message.to && JSON.stringify(message.to).includes(user.email))).toHaveLength(1);
      } finally {
        await smtp.close();
      }
    } finally {
      await t.close();
    }
  });

  it('records a delivery that fails on every retry as failed, instead of dropping it', async () => {
    const probe = await startSmtpServer();
    await probe.close();
    const t = await startTestApp({ workers: true, env: { SMTP_URL: `smtp://127.0.0.1:${probe.port}` } });
    try {
      const user = await registerUser(t.app);
      await markEmailVerified(t.ctx, user.id);
      const id = await raise(t, accepted(user.id));
      const final = await eventually(async () => {
        await fastForwardTasks(t.ctx, deliverNotificationTask.name);
        const delivery = await emailDelivery(t, id);
        return delivery?.status === 'failed' ? delivery : undefined;
      }, 60_000);
      expect(final.attempts).toBe(deliverNotificationTask.retry.retryLimit + 1);
      expect(final.last_error).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await t.close();
    }
  }, 90_000);
});

describe('the development mailbox', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps every mail when no SMTP server is configured, and lists it newest first', async () => {
    const user = await registerUser(t.app);
    await markEmailVerified(t.ctx, user.id);
    const jobId = randomUUID();
    await raise(t, {
      userId: user.id,
      type: 'document.rejected',
      data: { documentId: randomUUID(), docType: 'nin', reason: 'The photo is blurred' },
    });
    await raise(t, accepted(user.id, { jobId }));
    const list = await eventually(async () => {
      const response = await call(t.app, 'GET', '/dev/mailbox');
      // The sign-up's verification link may be there too, when its task ran before the address was marked verified.
      const notices = response.body.items.filter((mail: { subject: string }) => mail.subject !== 'Confirm your email address');
      return notices.length >= 2 ? notices : undefined;
    });
    expect(list[0]).toMatchObject({ to: user.email, subject: 'Your shift was accepted' });
    expect(list[1]).toMatchObject({ subject: 'Document rejected' });
    expect(list[1].text).toContain('Your National ID (NIN) was rejected: The photo is blurred.');
    const one = await call(t.app, 'GET', `/dev/mailbox/${list[0].id}`);
    expect(one.body.text).toContain(`/jobs/${jobId}`);
    expect((await call(t.app, 'GET', '/dev/mailbox/../../etc')).status).toBe(404);
  });

  it('does not exist with an SMTP server, nor in production', async () => {
    const smtp = await startTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:9' } });
    try {
      expect((await call(smtp.app, 'GET', '/dev/mailbox')).status).toBe(404);
    } finally {
      await smtp.close();
    }
    const production = await startTestApp({ env: productionEnv() });
    try {
      const response = await production.app.inject({ url: '/api/v1/dev/mailbox', headers: { 'x-forwarded-proto': 'https' } });
      expect(response.statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });
});

describe('SMS through Africa’s Talking', () => {
  it('posts the message form-encoded with the API key header to AT_BASE_URL, from the sender ID', async () => {
    const requests: { headers: IncomingMessage['headers']; url: string; body: URLSearchParams }[] = [];
    const gateway = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ headers: request.headers, url: request.url ?? '', body: new URLSearchParams(body) });
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            SMSMessageData: { Message: 'Sent to 1/1', Recipients: [{ statusCode: 101, number: '+256772000000', status: 'Success' }] },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const t = await startTestApp({
      workers: true,
      env: {
        AT_USERNAME: 'qgig',
        AT_API_KEY: 'at-api-key-123',
        AT_SENDER_ID: 'QGIG',
        AT_SHORTCODE: '21284',
        AT_BASE_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`,
      },
    });
    try {
      const user = await registerUser(t.app);
      await markEmailVerified(t.ctx, user.id);
      const id = await raise(t, {
        userId: user.id,
        type: 'payment.received',
        data: { jobId: randomUUID(), transactionId: randomUUID(), amount: 75_000, currency: 'UGX' },
      });
      const sms = await eventually(() => requests[0]);
      expect(sms.url).toBe('/version1/messaging');
      expect(sms.headers.apikey).toBe('at-api-key-123');
      expect(sms.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(sms.body)).toMatchObject({ username: 'qgig', to: user.phone, from: 'QGIG' });
      expect(sms.body.get('message')).toContain('UGX 75,000 was paid');
      await eventually(async () => {
        const channels = await deliveries(t, id);
        return channels.length === 2 && channels.every((delivery) => delivery.status === 'sent');
      });
    } finally {
      await t.close();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });
});

describe('in-app notifications', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let other: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app);
    other = await registerUser(t.app);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists newest first with cursor paging and an unread filter, and marks read', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await raise(t, accepted(user.id)));
    const first = await call(t.app, 'GET', '/notifications?limit=2', { token: user.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { id: string }) => item.id)).toEqual([ids[4], ids[3]]);
    expect(first.body.items[0]).toMatchObject({ type: 'job.accepted', title: 'Your shift was accepted', readAt: null });
    const seen = [...first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const next = await call(t.app, 'GET', `/notifications?limit=2&cursor=${cursor}`, { token: user.accessToken });
      seen.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    expect(seen.map((item) => item.id)).toEqual([...ids].reverse());

    const read = await call(t.app, 'POST', `/notifications/${ids[0]}/read`, { token: user.accessToken });
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const again = await call(t.app, 'POST', `/notifications/${ids[0]}/read`, { token: user.accessToken });
    expect(again.body.readAt).toBe(read.body.readAt);
    const unread = await call(t.app, 'GET', '/notifications?unread=true&limit=100', { token: user.accessToken });
    expect(unread.body.items.map((item: { id: string }) => item.id)).not.toContain(ids[0]);
    expect(unread.body.items).toHaveLength(4);

    expect((await call(t.app, 'POST', '/notifications/read-all', { token: user.accessToken })).body).toEqual({ marked: 4 });
    expect((await call(t.app, 'GET', '/notifications?unread=true', { token: user.accessToken })).body.items).toEqual([]);
  });

  it('keeps each person’s notifications to them', async () => {
    const id = await raise(t, accepted(user.id));
    expect((await call(t.app, 'POST', `/notifications/${id}/read`, { token: other.accessToken })).status).toBe(404);
    expect((await call(t.app, 'GET', '/notifications', { token: other.accessToken })).body.items).toEqual([]);
    expect((await call(t.app, 'GET', '/notifications')).status).toBe(401);
    expect((await call(t.app, 'GET', '/notifications?cursor=garbage', { token: user.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', '/notifications?limit=1000', { token: user.accessToken })).status).toBe(422);
  });
});

describe('the live stream', () => {
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ captureLogs: true });
    second = await startTestApp({ databaseName: first.databaseName });
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('pushes a notification raised by another app process on the same database', async () => {
    const user = await registerUser(first.app);
    const stream = await openEventStream(await first.listen(), user.accessToken);
    try {
      expect(stream.response.headers.get('content-type')).toContain('text/event-stream');
      const jobId = randomUUID();
      const id = await raise(second, accepted(user.id, { jobId }));
      const event = await eventually(() => stream.events[0], 5000);
      expect(event).toMatchObject({ id, event: 'notification', data: { id, type: 'job.accepted', data: { jobId } } });
    } finally {
      stream.close();
    }
  });

  it('pushes nothing for a rolled-back event, or for someone else', async () => {
    const user = await registerUser(first.app);
    const someoneElse = await registerUser(first.app);
    const stream = await openEventStream(await first.listen(), user.accessToken);
    try {
      await second.ctx.db
        .transaction(async (tx) => {
          await notify(second.ctx, tx, accepted(user.id));
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await raise(second, accepted(someoneElse.id));
      const marker = await raise(second, accepted(user.id));
      await eventually(() => stream.events.length > 0);
      expect(stream.events.map((event) => event.id)).toEqual([marker]);
    } finally {
      stream.close();
    }
  });

  it('replays what was missed after Last-Event-ID, and never logs the access token', async () => {
    const user = await registerUser(first.app);
    const seen = await raise(first, accepted(user.id));
    const missed = await raise(first, accepted(user.id));
    const stream = await openEventStream(await first.listen(), user.accessToken, { 'last-event-id': seen });
    try {
      await eventually(() => stream.events.length > 0);
      expect(stream.events.map((event) => event.id)).toEqual([missed]);
    } finally {
      stream.close();
    }
    // The request's log line is written when the stream has closed, which a busy machine can delay.
    await eventually(() => first.logs.join('\n').includes('notifications/stream?access_token=[redacted]'));
    expect(first.logs.join('\n')).not.toContain(user.accessToken);
  });

  it('refuses a stream without a valid token', async () => {
    const base = await first.listen();
    expect((await fetch(`${base}/api/v1/notifications/stream`)).status).toBe(401);
    expect((await fetch(`${base}/api/v1/notifications/stream?access_token=forged`)).status).toBe(401);
  });
});

describe('the live stream ends with its session', () => {
  const env = { JWT_SECRET: randomBytes(32).toString('hex') };
  let first: TestApp;
  let second: TestApp;
  let beating: TestApp;
  let shortLived: TestApp;
  beforeAll(async () => {
    first = await startTestApp({ env });
    second = await startTestApp({ databaseName: first.databaseName, env });
    beating = await startTestApp({ databaseName: first.databaseName, env: { ...env, NOTIFICATION_STREAM_HEARTBEAT_SECONDS: '1' } });
    shortLived = await startTestApp({ databaseName: first.databaseName, env: { ...env, NOTIFICATION_STREAM_MAX_SECONDS: '2' } });
  });
  afterAll(async () => {
    await Promise.all([second.close(), beating.close(), shortLived.close()]);
    await first.close();
  });

  /** A stream over real HTTP: the notices it received, and whether (and when) the server ended it. */
  async function openStream(app: TestApp, token: string) {
    const controller = new AbortController();
    const response = await fetch(`${await app.listen()}/api/v1/notifications/stream?access_token=${token}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const state = { ended: false, endedAt: 0 };
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
        if (done) return Object.assign(state, { ended: true, endedAt: Date.now() });
        text += decoder.decode(value, { stream: true });
      }
    })();
    return { state, notices: () => [...text.matchAll(/^id: (.+)$/gm)].map((match) => match[1]), close: () => controller.abort() };
  }

  async function withStream(app: TestApp, token: string, body: (stream: Awaited<ReturnType<typeof openStream>>) => Promise<void>) {
    const stream = await openStream(app, token);
    try {
      await body(stream);
    } finally {
      stream.close();
    }
  }

  const suspendQuietly = (userId: string) => first.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${userId}`);

  it('ends at once when the session logs out on another process, and pushes nothing after', async () => {
    const user = await registerUser(first.app);
    await withStream(first, user.accessToken, async (stream) => {
      expect((await call(second.app, 'POST', '/auth/logout', { token: user.accessToken })).status).toBe(204);
      await eventually(() => stream.state.ended, 3000);
      await raise(second, accepted(user.id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stream.notices()).toEqual([]);
    });
  });

  it('ends at once when an admin on another process suspends the account', async () => {
    const admin = await createAdmin(second.app, second.ctx);
    const user = await registerUser(first.app);
    await withStream(first, user.accessToken, async (stream) => {
      expect(
        (await call(second.app, 'POST', `/admin/users/${user.id}/suspend`, { token: admin.accessToken, body: { reason: 'Reported' } }))
          .status,
      ).toBe(200);
      await eventually(() => stream.state.ended, 3000);
    });
  });

  it('ends at once when the password is changed from another session on another process, and pushes nothing after', async () => {
    const user = await registerUser(first.app);
    const otherDevice = await call(second.app, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(otherDevice.status).toBe(200);
    await withStream(first, user.accessToken, async (stream) => {
      const changed = await call(second.app, 'POST', '/me/password', {
        token: otherDevice.body.accessToken,
        body: { current: user.password, password: 'Rwenzori-Peaks-Changed-7' },
      });
      expect(changed.status).toBe(204);
      await eventually(() => stream.state.ended, 3000);
      await raise(second, accepted(user.id));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stream.notices()).toEqual([]);
    });
  });

  it('checks the session again before each push: a notice for an account suspended unannounced is not sent, and the stream ends', async () => {
    const user = await registerUser(first.app);
    await withStream(first, user.accessToken, async (stream) => {
      await suspendQuietly(user.id);
      await raise(second, accepted(user.id));
      await eventually(() => stream.state.ended, 3000);
      expect(stream.notices()).toEqual([]);
    });
  });

  it('checks the session again at each heartbeat, with no notice to push', async () => {
    const user = await registerUser(first.app);
    await withStream(beating, user.accessToken, async (stream) => {
      await suspendQuietly(user.id);
      await eventually(() => stream.state.ended, 4000);
    });
  });

  it('ends when its access token expires', async () => {
    const user = await registerUser(first.app);
    const sign = createSigner({ key: env.JWT_SECRET, algorithm: 'HS256', iss: 'qgig', expiresIn: 3000 });
    const { sid } = JSON.parse(Buffer.from(user.accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string };
    const opened = Date.now();
    await withStream(first, sign({ sub: user.id, role: 'professional', sid }), async (stream) => {
      await eventually(() => stream.state.ended, 6000);
      // exp is in whole seconds: the token lived 2 to 3 s.
      expect(stream.state.endedAt - opened).toBeGreaterThanOrEqual(1800);
    });
  });

  it('ends after its longest life, so the browser reconnects', async () => {
    const user = await registerUser(first.app);
    const opened = Date.now();
    await withStream(shortLived, user.accessToken, async (stream) => {
      await eventually(() => stream.state.ended, 5000);
      expect(stream.state.endedAt - opened).toBeGreaterThanOrEqual(1500);
    });
  });

  it(`keeps at most ${STREAMS_PER_USER} streams per user in a process: another one ends the oldest`, async () => {
    const user = await registerUser(first.app);
    const streams: Awaited<ReturnType<typeof openStream>>[] = [];
    for (let opened = 0; opened <= STREAMS_PER_USER; opened++) streams.push(await openStream(first, user.accessToken));
    try {
      await eventually(() => streams[0]!.state.ended, 3000);
      const id = await raise(second, accepted(user.id));
      const rest = streams.slice(1);
      await eventually(() => rest.every((stream) => stream.notices().includes(id)), 5000);
      expect(rest.map((stream) => stream.state.ended)).toEqual(rest.map(() => false));
    } finally {
      for (const stream of streams) stream.close();
    }
  });
});
