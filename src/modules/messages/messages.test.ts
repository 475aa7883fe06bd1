import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { fetchApi, type CallOptions } from '../../../test/support/http.js';
import { makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { openEventStream } from '../../../test/support/notifications.js';
import { eventually } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { MESSAGES_PER_MINUTE } from './service.js';

let t: TestApp;
/** A second API process on the same database (and signing key): live events must cross processes. */
let second: TestApp;
let base: string;
let institution: Institution;
let professional: Professional;
let otherInstitution: Institution;
let otherProfessional: Professional;
let admin: RegisteredUser;
let day = 0;

const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));

beforeAll(async () => {
  t = await startTestApp();
  second = await startTestApp({ databaseName: t.databaseName, env: { JWT_SECRET: t.ctx.config.jwtSecret } });
  base = await t.listen();
  institution = await makeInstitution(t.app);
  otherInstitution = await makeInstitution(t.app);
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  otherProfessional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay }, 'Okello James');
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await second.close();
  await t.close();
});
// Each test starts under the rate limit (the limit itself is tested on its own).
beforeEach(async () => {
  await t.ctx.db.execute(sql`DELETE FROM rate_limit_buckets WHERE key LIKE 'messages:%'`);
});

const api = (method: string, url: string, token: string, options: Omit<CallOptions, 'token'> = {}) =>
  fetchApi(base, method, url, { ...options, token });
const send = (jobId: string, token: string, body: unknown) => api('POST', `/jobs/${jobId}/messages`, token, { body });
const list = (jobId: string, token: string, query = '') => api('GET', `/jobs/${jobId}/messages${query}`, token);

/** A job `owner` posted and `assignee` accepted, its shift days ahead. */
async function assignedJob(owner: Institution = institution, assignee: Professional = professional): Promise<string> {
  day += 1;
  const job = await postJob(t.app, owner.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
  expect((await api('POST', `/jobs/${job.body.id}/accept`, assignee.accessToken)).status).toBe(200);
  return job.body.id as string;
}

async function setJob(jobId: string, change: ReturnType<typeof sql>) {
  await t.ctx.db.execute(sql`UPDATE jobs SET ${change} WHERE id = ${jobId}`);
}

/** Moves the shift's 8 hours to have ended `ago` (a PostgreSQL interval) before now. */
const endedAgo = (jobId: string, ago: string) =>
  setJob(jobId, sql`starts_at = now() - ${ago}::interval - interval '8 hours', ends_at = now() - ${ago}::interval`);

describe('the window', () => {
  it('is closed on a job nobody has taken yet (409), for its owner', async () => {
    day += 1;
    const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + day) });
    const refused = await send(job.body.id, institution.accessToken, { body: 'Hello?' });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe('https://qgig.ug/problems/outside-message-window');
    expect((await list(job.body.id, institution.accessToken)).status).toBe(409);
    expect((await send(job.body.id, professional.accessToken, { body: 'Hello?' })).status).toBe(404);
  });

  it('opens at the assignment and stays open until 7 days after the end, then closes (409)', async () => {
    const jobId = await assignedJob();
    expect((await send(jobId, institution.accessToken, { body: 'Use the north gate.' })).status).toBe(201);
    await endedAgo(jobId, '6 days 23 hours');
    expect((await send(jobId, professional.accessToken, { body: 'Thank you for the shift.' })).status).toBe(201);
    await endedAgo(jobId, '7 days');
    const closed = await send(jobId, professional.accessToken, { body: 'One more thing' });
    expect(closed.status).toBe(409);
    expect(closed.body.type).toBe('https://qgig.ug/problems/outside-message-window');
    expect((await list(jobId, institution.accessToken)).status).toBe(409);
    await endedAgo(jobId, '8 days');
    expect((await send(jobId, institution.accessToken, { body: 'Late' })).status).toBe(409);
    expect((await api('POST', `/jobs/${jobId}/messages/read`, institution.accessToken)).status).toBe(409);
  });
});

describe('access', () => {
  it('is 404 for another professional, another institution, an admin while not disputed, and a job that does not exist', async () => {
    const jobId = await assignedJob();
    expect((await send(jobId, institution.accessToken, { body: 'Private' })).status).toBe(201);
    for (const outsider of [otherProfessional, otherInstitution, admin]) {
      expect((await list(jobId, outsider.accessToken)).status).toBe(404);
      expect((await send(jobId, outsider.accessToken, { body: 'Let me in' })).status).toBe(404);
      expect((await api('POST', `/jobs/${jobId}/messages/read`, outsider.accessToken)).status).toBe(404);
    }
    expect((await list('7d9f1f4e-8a0b-4c57-9a51-2f0c3d5e6a7b', institution.accessToken)).status).toBe(404);
    expect((await list('not-a-uuid', institution.accessToken)).status).toBe(404);
    expect((await fetch(`${base}/api/v1/jobs/${jobId}/messages`)).status).toBe(401);
  });

  it('lets an admin read (never write) while the job is disputed, recording every read in the audit log', async () => {
    const jobId = await assignedJob();
    expect((await send(jobId, professional.accessToken, { body: 'I worked until 16:00.' })).status).toBe(201);
    await setJob(jobId, sql`status = 'disputed'`);
    const read = await list(jobId, admin.accessToken);
    expect(read.status).toBe(200);
    expect(read.body.items.map((message: { body: string }) => message.body)).toEqual(['I worked until 16:00.']);
    expect(read.body.unreadMessages).toBe(0);
    expect((await list(jobId, admin.accessToken, '?limit=1')).status).toBe(200);
    expect((await send(jobId, admin.accessToken, { body: 'Admin here' })).status).toBe(404);

    const audit = rowsOf<{ actor_id: string; action: string; target_type: string }>(
      await t.ctx.db.execute(sql`SELECT actor_id, action, target_type FROM audit_log WHERE target_id = ${jobId} ORDER BY at`),
    );
    expect(audit).toEqual([
      { actor_id: admin.id, action: 'job.messages.read', target_type: 'job' },
      { actor_id: admin.id, action: 'job.messages.read', target_type: 'job' },
    ]);
    // The parties' own reads are not audited.
    expect((await list(jobId, institution.accessToken)).status).toBe(200);
    const after = rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM audit_log WHERE target_id = ${jobId}`));
    expect(after).toHaveLength(2);

    await setJob(jobId, sql`status = 'completed'`);
    expect((await list(jobId, admin.accessToken)).status).toBe(404);
  });
});

describe('the text', () => {
  it('takes 1 to 2,000 characters, counted in code points (2,000 emoji fit), and refuses 0 and 2,001 with 422', async () => {
    const jobId = await assignedJob();
    for (const body of ['a', 'a'.repeat(2000), '😀'.repeat(2000)]) {
      const sent = await send(jobId, institution.accessToken, { body });
      expect(sent.status).toBe(201);
      expect(sent.body.body).toBe(body);
    }
    for (const body of ['', 'a'.repeat(2001), '😀'.repeat(2001), '   \n\t ', 'null\u0000byte', 'bell\u0007', 'half an emoji \ud83d']) {
      const refused = await send(jobId, institution.accessToken, { body });
      expect(refused.status, JSON.stringify(body.slice(0, 20))).toBe(422);
      expect(refused.body.errors[0].path).toBe('body');
    }
    for (const body of [{}, { body: 42 }, { body: null }, { body: ['hi'] }]) {
      expect((await api('POST', `/jobs/${jobId}/messages`, institution.accessToken, { body })).status).toBe(422);
    }
    const items = (await list(jobId, professional.accessToken, '?limit=100')).body.items;
    expect(items).toHaveLength(3);
  });

  it('is stored and returned exactly as written: unicode, markup and SQL stay text', async () => {
    const jobId = await assignedJob();
    const bodies = [
      '<script>alert("x")</script><img src=x onerror=alert(1)>',
      "'; DROP TABLE messages; --",
      "Robert'); DELETE FROM jobs WHERE ('1'='1",
      '  spaces kept on both sides  ',
      'Line one\n\nLine two\ttabbed\r\n',
      'Webale nnyo 🙏🏾 — mwattu? Ñandú, naïve, 漢字, مرحبا, 👩‍👩‍👧',
      'e\u0301 combining, \u200d joiner, \u202e right-to-left override',
      '&lt;not decoded&gt; &amp; %s %n {{template}} ${injection}',
    ];
    for (const body of bodies) {
      const sent = await send(jobId, professional.accessToken, { body });
      expect(sent.status).toBe(201);
      expect(sent.body.body).toBe(body);
    }
    const shown = (await list(jobId, institution.accessToken, '?limit=100')).body.items.map((message: { body: string }) => message.body);
    expect(shown).toEqual(bodies);
    const stored = rowsOf<{ body: string }>(
      await t.ctx.db.execute(sql`SELECT body FROM messages WHERE job_id = ${jobId} ORDER BY created_at, id`),
    );
    expect(stored.map((row) => row.body)).toEqual(bodies);
  });

  it('answers malformed JSON with 400', async () => {
    const jobId = await assignedJob();
    const response = await fetch(`${base}/api/v1/jobs/${jobId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${institution.accessToken}`, 'content-type': 'application/json' },
      body: '{"body": "unterminated',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('sending', () => {
  it(`allows ${MESSAGES_PER_MINUTE} messages a minute per sender, then 429 with Retry-After`, async () => {
    const jobId = await assignedJob();
    for (let sent = 0; sent < MESSAGES_PER_MINUTE; sent++) {
      expect((await send(jobId, institution.accessToken, { body: `Message ${sent}` })).status).toBe(201);
    }
    const limited = await send(jobId, institution.accessToken, { body: 'One too many' });
    expect(limited.status).toBe(429);
    expect(limited.body.type).toBe('https://qgig.ug/problems/rate-limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The limit is the sender's: the other party still writes.
    expect((await send(jobId, professional.accessToken, { body: 'I can still answer' })).status).toBe(201);
    const count = rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM messages WHERE job_id = ${jobId}`));
    expect(count[0]!.n).toBe(MESSAGES_PER_MINUTE + 1);
  });

  it('delivers the message live on the other party’s stream, through another API process, and not on the sender’s', async () => {
    const jobId = await assignedJob();
    const assigneeStream = await openEventStream(await second.listen(), professional.accessToken);
    const ownerStream = await openEventStream(base, institution.accessToken);
    try {
      expect(assigneeStream.response.status).toBe(200);
      const sent = await send(jobId, institution.accessToken, { body: 'The bus stop is by the north gate 🚌' });
      expect(sent.status).toBe(201);
      const event = await eventually(() => assigneeStream.events.find((received) => received.event === 'message'), 5000);
      expect(event.data).toEqual(sent.body);
      expect(event.data).toMatchObject({ jobId, senderId: institution.id, readAt: null, removed: false });
      // No id: the browser's Last-Event-ID stays the last notice's, for the notices' replay.
      expect(event.id).toBeUndefined();

      // Reading tells the sender live.
      expect((await api('POST', `/jobs/${jobId}/messages/read`, professional.accessToken)).body).toEqual({ marked: 1 });
      const receipt = await eventually(() => ownerStream.events.find((received) => received.event === 'messages-read'), 5000);
      expect(receipt.data).toEqual({ jobId });
      expect(ownerStream.events.filter((received) => received.event === 'message')).toEqual([]);
    } finally {
      assigneeStream.close();
      ownerStream.close();
    }
  });
});

describe('reading', () => {
  it('counts unread messages per job and marks the other party’s messages read, which the sender then sees', async () => {
    const jobId = await assignedJob();
    const otherJob = await assignedJob();
    await send(jobId, professional.accessToken, { body: 'On my way' });
    await send(jobId, professional.accessToken, { body: 'Bus is late by 10 minutes' });
    await send(otherJob, professional.accessToken, { body: 'Another job' });
    await send(jobId, institution.accessToken, { body: 'Noted' });

    const before = await list(jobId, institution.accessToken);
    expect(before.body.unreadMessages).toBe(2);
    expect((await list(jobId, professional.accessToken)).body.unreadMessages).toBe(1);
    expect(before.body.items.every((message: { readAt: string | null }) => message.readAt === null)).toBe(true);

    expect((await api('POST', `/jobs/${jobId}/messages/read`, institution.accessToken)).body).toEqual({ marked: 2 });
    expect((await api('POST', `/jobs/${jobId}/messages/read`, institution.accessToken)).body).toEqual({ marked: 0 });
    expect((await list(jobId, institution.accessToken)).body.unreadMessages).toBe(0);
    expect((await list(otherJob, institution.accessToken)).body.unreadMessages).toBe(1);

    const seenBySender = (await list(jobId, professional.accessToken)).body;
    const readAt = Object.fromEntries(
      seenBySender.items.map((message: { body: string; readAt: string | null }) => [message.body, message.readAt]),
    );
    expect(readAt['On my way']).toEqual(expect.any(String));
    expect(readAt['Bus is late by 10 minutes']).toEqual(expect.any(String));
    expect(readAt['Noted']).toBeNull();
    expect(seenBySender.unreadMessages).toBe(1);
  });

  it('pages the history oldest first', async () => {
    const jobId = await assignedJob();
    const written: string[] = [];
    for (let index = 0; index < 7; index++) {
      const body = `Message number ${index}`;
      expect((await send(jobId, index % 2 ? professional.accessToken : institution.accessToken, { body })).status).toBe(201);
      written.push(body);
    }
    const read: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(jobId, professional.accessToken, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      read.push(...page.body.items.map((message: { body: string }) => message.body));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(read).toEqual(written);
    expect((await list(jobId, professional.accessToken, '?cursor=garbage')).status).toBe(422);
    expect((await list(jobId, professional.accessToken, '?limit=101')).status).toBe(422);
    expect((await list(jobId, professional.accessToken, '?limit=0')).status).toBe(422);
  });
});

describe('privacy', () => {
  it('exports the messages, and erasure shows the sender as "Former user" with their texts removed', async () => {
    const leaving = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay }, 'Auma Grace');
    const jobId = await assignedJob(institution, leaving);
    await send(jobId, leaving.accessToken, { body: 'My private note about the gate code 4417' });
    await send(jobId, institution.accessToken, { body: 'Thanks, see you Monday' });

    const exported = await api('GET', '/me/export', leaving.accessToken);
    expect(exported.status).toBe(200);
    expect(exported.body.messages.map((message: { body: string }) => message.body)).toEqual([
      'My private note about the gate code 4417',
      'Thanks, see you Monday',
    ]);

    // Erasure waits for the job to be over.
    expect((await api('DELETE', '/me', leaving.accessToken)).status).toBe(409);
    await setJob(jobId, sql`status = 'completed'`);
    expect((await api('DELETE', '/me', leaving.accessToken)).status).toBe(204);

    const thread = (await list(jobId, institution.accessToken)).body.items;
    expect(thread).toEqual([
      expect.objectContaining({ senderId: leaving.id, senderName: 'Former user', body: null, removed: true }),
      expect.objectContaining({ senderId: institution.id, body: 'Thanks, see you Monday', removed: false }),
    ]);
    const left = rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM messages WHERE body LIKE '%gate code 4417%'`));
    expect(left).toEqual([]);
  });
});
