import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { productionEnv } from '../../../test/support/env.js';
import { markEmailVerified, registerUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { completedJob, makeReadyProfessional, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { accepted, raise } from '../../../test/support/notifications.js';
import { eventually } from '../../../test/support/pesapal.js';
import { makeInstitution } from '../../../test/support/profile-factories.js';
import { fastForwardTasks } from '../../../test/support/queue.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { sendSmsTask } from './tasks.js';
import { FAVOURITES } from '../reliability/rules.js';
import { offerText } from './offers.js';
import { remindShifts } from './reminders.js';
import { findOfferByCode, sendSms } from './service.js';
import type { SimulatedSms } from './simulator.js';

const CALLBACK_KEY = 'callback-key-0123456789abcdef';
let smtp: TestSmtpServer;
let t: TestApp;
let baseUrl: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  // The in-process simulator (AT_BASE_URL unset), reached over real HTTP; its delivery reports come back with the key.
  t = await startTestApp({
    listen: true,
    workers: true,
    env: { SMTP_URL: smtp.url, AT_CALLBACK_KEY: CALLBACK_KEY, AT_TIMEOUT_MS: '1000' },
  });
  baseUrl = await t.listen();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});
beforeEach(async () => {
  await simulator('/reset', {});
});

async function simulator(path: string, body?: unknown): Promise<any> {
  const response = await fetch(
    `${baseUrl}/at-sim${path}`,
    body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  return response.json();
}

const sentTo = async (phone: string): Promise<SimulatedSms[]> =>
  ((await simulator('/messages')).items as SimulatedSms[]).filter((sms) => sms.to === phone);

interface SmsRecord {
  id: string;
  kind: string;
  text: string;
  status: string;
  provider_message_id: string | null;
  provider_status_code: number | null;
  provider_status: string | null;
  failure_reason: string | null;
  email_fallback_at: Date | null;
  attempts: number;
}
async function recordsOf(userId: string): Promise<SmsRecord[]> {
  return rowsOf<SmsRecord>(await t.ctx.db.execute(sql`SELECT * FROM sms_messages WHERE user_id = ${userId} ORDER BY created_at`));
}

function form(path: string, fields: Record<string, string>, key: string | null = CALLBACK_KEY) {
  return fetch(`${baseUrl}/api/v1${path}${key === null ? '' : `?key=${key}`}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

describe('notices by SMS, through the simulator over HTTP', () => {
  it('sends "accepted" to the institution: GSM-7, one segment, a short link to the job; the delivery report marks it delivered', async () => {
    const institution = await registerUser(t.app, { role: 'institution' });
    const jobId = randomUUID();
    await raise(t, accepted(institution.id, { jobId }));
    const [sms] = await eventually(async () => ((await sentTo(institution.phone)).length > 0 ? sentTo(institution.phone) : undefined));
    expect(sms!.text).toMatch(/^Qgig: Nakato Sarah accepted the teacher shift on Tue, 1 Dec 2026, 08:00/);
    expect(sms!.text.length).toBeLessThanOrEqual(160);
    const link = sms!.text.split(' ').at(-1)!;
    expect(link).toMatch(new RegExp(`^${baseUrl}/j/[\\w-]{22}$`));
    const redirect = await fetch(link, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(`/jobs/${jobId}`);
    const record = await eventually(async () => (await recordsOf(institution.id)).find((row) => row.status === 'delivered'));
    expect(record).toMatchObject({
      kind: 'job.accepted',
      provider_message_id: sms!.messageId,
      provider_status_code: 101,
      provider_status: 'Success',
    });
  });

  it('sends "paid" to the professional', async () => {
    const professional = await registerUser(t.app);
    await raise(t, {
      userId: professional.id,
      type: 'payment.received',
      data: { jobId: randomUUID(), transactionId: randomUUID(), amount: 75_000, currency: 'UGX' },
    });
    const [sms] = await eventually(async () => ((await sentTo(professional.phone)).length > 0 ? sentTo(professional.phone) : undefined));
    expect(sms!.text).toContain('UGX 75,000 was paid');
    expect(sms!.from).toBe('AFRICASTKNG');
  });

  it('sends "payout sent" to the professional once a payout succeeds: one GSM-7 SMS of one segment naming the amount', async () => {
    const institution = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    await completedJob(t.app, t.ctx, institution, professional, { date: nextKampalaDate(2, 3), rateAmount: 62_500 });
    // The payout waits for a wallet; the worker sends it to the in-process MTN simulator once one is set.
    const method = { phone: '0772 555 501', network: 'mtn' };
    expect((await call(t.app, 'PUT', '/me/payout-method', { token: professional.accessToken, body: method })).status).toBe(200);

    const payoutSms = async () => (await sentTo(professional.phone)).filter((sms) => sms.text.includes('mobile money'));
    const [sms] = await eventually(async () => ((await payoutSms()).length > 0 ? payoutSms() : undefined), 15_000);
    expect(sms!.text).toMatch(/^Qgig: UGX 62,500 was sent to your mobile money for /);
    expect(sms!.text.length).toBeLessThanOrEqual(160);
    // GSM 03.38's basic set only (no curly quotes, no emoji): any phone shows it in one segment.
    expect(sms!.text).toMatch(/^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]+$/);
    await eventually(async () =>
      (await recordsOf(professional.id)).find((row) => row.kind === 'payout.sent' && row.status === 'delivered'),
    );
    expect((await recordsOf(professional.id)).filter((row) => row.kind === 'payout.sent')).toHaveLength(1);
    expect(await payoutSms()).toHaveLength(1);
  });

  it('falls back to email at once for a recipient Africa’s Talking refuses for good (406 UserInBlacklist), recorded with the reason', async () => {
    const user = await registerUser(t.app);
    await markEmailVerified(t.ctx, user.id);
    await simulator('/faults', { phone: user.phone, statusCode: 406 });
    await raise(t, { userId: user.id, type: 'document.rejected', data: { documentId: randomUUID(), docType: 'nin', reason: 'Blurred' } });
    const record = await eventually(async () => (await recordsOf(user.id)).find((row) => row.email_fallback_at !== null));
    expect(record).toMatchObject({ status: 'failed', provider_status_code: 406, failure_reason: 'UserInBlacklist', attempts: 1 });
    // The notice itself went by email already, so the fallback adds no second mail. (The address's
    // confirmation mail, sent at registration by a task, may arrive before or after it.)
    const notices = () =>
      smtp.messages.filter((mail) => JSON.stringify(mail.to).includes(user.email) && mail.subject !== 'Confirm your email address');
    await eventually(() => notices()[0]);
    expect(notices().map((mail) => mail.subject)).toEqual(['Document rejected']);
  });

  it('emails the SMS text when the person turned email off and the SMS was refused (403 InvalidPhoneNumber)', async () => {
    const user = await registerUser(t.app);
    await markEmailVerified(t.ctx, user.id);
    expect(
      (
        await call(t.app, 'PUT', '/me/notification-settings', {
          token: user.accessToken,
          body: { email: false, sms: true, shiftOffers: true },
        })
      ).status,
    ).toBe(200);
    await simulator('/faults', { phone: user.phone, statusCode: 403 });
    await raise(t, { userId: user.id, type: 'document.approved', data: { documentId: randomUUID(), docType: 'nin' } });
    // The address's confirmation mail, sent at registration by a task, may arrive before or after this one.
    const mail = await eventually(() =>
      smtp.messages.find((message) => JSON.stringify(message.to).includes(user.email) && message.subject === 'A message from Qgig'),
    );
    expect(mail.text).toContain('Your National ID (NIN) was approved.');
    expect((await recordsOf(user.id))[0]).toMatchObject({ status: 'failed', failure_reason: 'InvalidPhoneNumber' });
  });

  it('sends no email fallback to an address not verified yet: the refused SMS stays recorded as failed', async () => {
    const user = await registerUser(t.app);
    await simulator('/faults', { phone: user.phone, statusCode: 403 });
    await raise(t, { userId: user.id, type: 'document.approved', data: { documentId: randomUUID(), docType: 'nin' } });
    const failed = await eventually(async () => (await recordsOf(user.id)).find((row) => row.status === 'failed'));
    expect(failed).toMatchObject({ failure_reason: 'InvalidPhoneNumber', email_fallback_at: null });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Only the verification link the sign-up mailed reaches the address.
    expect(
      smtp.messages.filter((message) => JSON.stringify(message.to).includes(user.email) && message.subject === 'A message from Qgig'),
    ).toHaveLength(0);
    expect((await recordsOf(user.id))[0]!.email_fallback_at).toBeNull();
  });

  it('retries a transient refusal (500) and an HTTP 5xx, then sends', async () => {
    const user = await registerUser(t.app);
    await simulator('/faults', { failNext: 1 });
    await raise(t, accepted(user.id));
    const retrying = await eventually(async () =>
      (await recordsOf(user.id)).find((row) => row.attempts === 1 && row.status === 'queued' && row.failure_reason !== null),
    );
    expect(retrying.failure_reason).toMatch(/HTTP 500/);
    await simulator('/faults', { phone: user.phone, statusCode: 500 });
    await eventually(async () => {
      await fastForwardTasks(t.ctx, sendSmsTask.name);
      return (await recordsOf(user.id)).find((row) => row.attempts >= 2 && row.provider_status_code === 500);
    });
    await simulator('/faults', { phone: user.phone, statusCode: null });
    const sent = await eventually(async () => {
      await fastForwardTasks(t.ctx, sendSmsTask.name);
      return (await recordsOf(user.id)).find((row) => row.status === 'sent' || row.status === 'delivered');
    });
    expect(sent.attempts).toBeGreaterThanOrEqual(3);
    expect(sent.email_fallback_at).toBeNull();
  });

  it('retries a send Africa’s Talking did not answer in time', async () => {
    const user = await registerUser(t.app);
    await simulator('/faults', { delayNext: 1, delayMs: 2000 });
    await raise(t, accepted(user.id));
    const timedOut = await eventually(async () => (await recordsOf(user.id)).find((row) => row.failure_reason !== null));
    expect(timedOut).toMatchObject({ status: 'queued', attempts: 1, failure_reason: expect.stringMatching(/could not be reached/) });
    const sent = await eventually(async () => {
      await fastForwardTasks(t.ctx, sendSmsTask.name);
      return (await recordsOf(user.id)).find((row) => row.status !== 'queued');
    });
    expect(sent).toMatchObject({ attempts: 2, provider_status_code: 101 });
  });

  it('a final Failed delivery report triggers the email fallback once, however often it is repeated', async () => {
    const user = await registerUser(t.app);
    await markEmailVerified(t.ctx, user.id);
    await call(t.app, 'PUT', '/me/notification-settings', {
      token: user.accessToken,
      body: { email: false, sms: true, shiftOffers: true },
    });
    await simulator('/faults', { phone: user.phone, report: { status: 'Failed', failureReason: 'UserIsInactive' } });
    await raise(t, accepted(user.id));
    const failed = await eventually(async () => (await recordsOf(user.id)).find((row) => row.status === 'failed'));
    expect(failed).toMatchObject({ provider_status: 'Failed', failure_reason: 'UserIsInactive', provider_status_code: 101 });
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await form('/sms/delivery-reports', {
            id: failed.provider_message_id!,
            status: 'Failed',
            phoneNumber: user.phone,
            failureReason: 'UserIsInactive',
            retryCount: '0',
          })
        ).status,
      ).toBe(200);
    }
    // Only the fallback counts: the address's sign-up confirmation may arrive too, before it was marked verified.
    const fallbacks = () =>
      smtp.messages.filter(
        (message) => JSON.stringify(message.to).includes(user.email) && message.subject?.includes('A message from Qgig'),
      );
    await eventually(() => fallbacks()[0]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(fallbacks()).toHaveLength(1);
  });

  it('refuses a control character (a NUL PostgreSQL cannot store) in a delivery report with 422, and changes nothing', async () => {
    const user = await registerUser(t.app);
    await raise(t, accepted(user.id));
    const delivered = await eventually(async () => (await recordsOf(user.id)).find((row) => row.status === 'delivered'));
    const reports: Record<string, string>[] = [
      { id: `${delivered.provider_message_id!}\u0000`, status: 'Failed' },
      { id: delivered.provider_message_id!, status: 'Failed\u0000' },
      { id: delivered.provider_message_id!, status: 'Failed', failureReason: 'User\u0000IsInactive' },
    ];
    for (const fields of reports) {
      const refused = await form('/sms/delivery-reports', fields);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await recordsOf(user.id))[0]!.status).toBe('delivered');
  });

  it('acknowledges delivery reports for unknown ids and statuses, and never undoes a final one', async () => {
    expect((await form('/sms/delivery-reports', { id: 'ATXid_unknown', status: 'Buffered' })).status).toBe(200);
    const user = await registerUser(t.app);
    await raise(t, accepted(user.id));
    const delivered = await eventually(async () => (await recordsOf(user.id)).find((row) => row.status === 'delivered'));
    expect((await form('/sms/delivery-reports', { id: delivered.provider_message_id!, status: 'Failed' })).status).toBe(200);
    expect((await recordsOf(user.id))[0]!.status).toBe('delivered');
  });
});

describe('shift offers', () => {
  it('offers a new shift to its best matches from the shortcode, each with a 4-digit code findOfferByCode resolves', async () => {
    const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const professionals = [];
    for (let i = 0; i < 2; i++)
      professionals.push(
        await makeReadyProfessional(t.app, t.ctx, { availability: everyDay, roles: ['teacher'], skills: ['mathematics'] }),
      );
    const optedOut = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay, roles: ['teacher'], skills: ['mathematics'] });
    await call(t.app, 'PUT', '/me/notification-settings', {
      token: optedOut.accessToken,
      body: { email: true, sms: true, shiftOffers: false },
    });
    const institution = await registerUser(t.app, { role: 'institution' });
    const job = (await postJob(t.app, institution.accessToken)).body as { id: string; startsAt: string };
    for (const professional of professionals) {
      const [offer] = await eventually(async () =>
        (await sentTo(professional.phone)).length > 0 ? sentTo(professional.phone) : undefined,
      );
      expect(offer!.from).toBe('21284');
      expect(offer!.text.length).toBeLessThanOrEqual(160);
      // The USSD code only when the whole offer still fits one segment (the unit test below shows both).
      expect(offer!.text).toMatch(/Reply YES \d{4} to take it( or dial \*284\*77#)?\. http/);
      const code = /Reply YES (\d{4}) to take it/.exec(offer!.text)![1]!;
      expect(await findOfferByCode(t.ctx.db, professional.phone, code)).toMatchObject({
        jobId: job.id,
        professionalId: professional.id,
        expiresAt: new Date(job.startsAt),
      });
      expect(await findOfferByCode(t.ctx.db, '+256700000001', code)).toBeUndefined();
    }
    const offers = rowsOf<{ code: string }>(await t.ctx.db.execute(sql`SELECT code FROM shift_offers WHERE job_id = ${job.id}`));
    expect(offers.length).toBeLessThanOrEqual(FAVOURITES.offeredMatches);
    expect(new Set(offers.map((offer) => offer.code)).size).toBe(offers.length);
    expect(await sentTo(optedOut.phone)).toEqual([]);
  });

  it('names the USSD code in an offer only while the whole offer, link uncut, still fits one segment', () => {
    const job = {
      id: randomUUID(),
      role: 'nurse',
      startsAt: new Date('2026-12-07T06:00:00Z'),
      endsAt: new Date('2026-12-07T14:00:00Z'),
      district: 'Gulu',
      rateAmount: 25_000,
      rateUnit: 'day' as const,
    };
    const config = { publicUrl: 'https://qgig.ug', ussdServiceCode: '*284*77#' };
    const short = offerText(job, '0042', config);
    expect(short).toMatch(/^Qgig shift: nurse, .* Reply YES 0042 to take it or dial \*284\*77#\. https:\/\/qgig\.ug\/j\/\S+$/);
    expect(short.length).toBeLessThanOrEqual(160);
    const long = offerText({ ...job, district: 'Kampala Central' }, '0042', config);
    expect(long).toMatch(/ Reply YES 0042 to take it\. https:\/\/qgig\.ug\/j\/\S+$/);
    expect(long.length).toBeLessThanOrEqual(160);
  });

  it('gives a code again only once the offer holding it expired', async () => {
    const institution = await registerUser(t.app, { role: 'institution' });
    const job = (await postJob(t.app, institution.accessToken)).body as { id: string };
    const [a, b] = [await registerUser(t.app), await registerUser(t.app)];
    await t.ctx.db.execute(
      sql`INSERT INTO shift_offers (job_id, professional_id, phone, code, expires_at) VALUES (${job.id}, ${a.id}, ${a.phone}, '0042', now() + interval '1 hour')`,
    );
    await expect(
      t.ctx.db.execute(
        sql`INSERT INTO shift_offers (job_id, professional_id, phone, code, expires_at) VALUES (${job.id}, ${b.id}, ${b.phone}, '0042', now() + interval '1 hour')`,
      ),
    ).rejects.toThrow();
    await t.ctx.db.execute(sql`UPDATE shift_offers SET closed_at = now() WHERE code = '0042'`);
    await t.ctx.db.execute(
      sql`INSERT INTO shift_offers (job_id, professional_id, phone, code, expires_at) VALUES (${job.id}, ${b.id}, ${b.phone}, '0042', now() + interval '1 hour')`,
    );
    expect(await findOfferByCode(t.ctx.db, b.phone, '0042')).toMatchObject({ professionalId: b.id });
    expect(await findOfferByCode(t.ctx.db, a.phone, '0042')).toBeUndefined();
  });
});

describe('shift reminders', () => {
  it('reminds the assignee the day before and a few hours before, each once', async () => {
    const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
    const professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
    const institution = await registerUser(t.app, { role: 'institution' });
    const job = (await postJob(t.app, institution.accessToken)).body as { id: string; startsAt: string };
    expect((await call(t.app, 'POST', `/jobs/${job.id}/accept`, { token: professional.accessToken })).status).toBe(200);
    const startsAt = new Date(job.startsAt).getTime();
    await remindShifts(t.ctx, new Date(startsAt - 20 * 3600_000));
    await remindShifts(t.ctx, new Date(startsAt - 19 * 3600_000));
    await remindShifts(t.ctx, new Date(startsAt - 2 * 3600_000));
    const reminders = await eventually(async () => {
      const sent = (await sentTo(professional.phone)).filter((sms) => sms.text.startsWith('Qgig reminder'));
      return sent.length === 2 ? sent : undefined;
    });
    expect(reminders.map((sms) => sms.text.split(',')[0]).sort()).toEqual(['Qgig reminder: Soon', 'Qgig reminder: Tomorrow']);
    expect(reminders.every((sms) => sms.text.length <= 160)).toBe(true);
  });
});

describe('STOP and START by SMS, and notification settings', () => {
  it('STOP (any case) turns SMS off for the phone, START back on; GET /me shows the settings', async () => {
    const user = await registerUser(t.app);
    const settings = async () => (await call(t.app, 'GET', '/me', { token: user.accessToken })).body.notificationSettings;
    expect(await settings()).toEqual({ email: true, sms: true, shiftOffers: true });
    const inbound = (text: string) =>
      form('/sms/inbound', { from: user.phone, to: '21284', text, date: '2026-12-06 06:04:45', id: randomUUID(), linkId: '0309' });
    const texts = async () => (await sentTo(user.phone)).map((sms) => `${sms.from}: ${sms.text.slice(0, 30)}`).reverse();
    expect((await inbound(' stop ')).status).toBe(200);
    expect(await settings()).toEqual({ email: true, sms: false, shiftOffers: true });
    await eventually(async () => ((await texts()).length === 1 ? true : undefined));
    await raise(t, accepted(user.id));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await texts()).toEqual(['21284: Qgig: you will get no more SMS']);
    expect((await inbound('Start')).status).toBe(200);
    expect(await settings()).toEqual({ email: true, sms: true, shiftOffers: true });
    await raise(t, accepted(user.id));
    await eventually(async () => ((await texts()).length === 3 ? true : undefined));
    expect(await texts()).toEqual([
      '21284: Qgig: you will get no more SMS',
      '21284: Qgig: SMS from Qgig are on aga',
      'AFRICASTKNG: Qgig: Nakato Sarah accepted th',
    ]);
    expect((await form('/sms/inbound', { from: '+256700000002', text: 'STOP' })).status).toBe(200);
  });

  it('PUT /me/notification-settings: 200 with the settings, 422 for a bad body, 401 without a token; in the export', async () => {
    const user = await registerUser(t.app);
    const saved = await call(t.app, 'PUT', '/me/notification-settings', {
      token: user.accessToken,
      body: { email: true, sms: false, shiftOffers: false },
    });
    expect(saved).toMatchObject({ status: 200, body: { email: true, sms: false, shiftOffers: false } });
    expect(
      (
        await call(t.app, 'PUT', '/me/notification-settings', {
          token: user.accessToken,
          body: { email: 'yes', sms: true, shiftOffers: true },
        })
      ).status,
    ).toBe(422);
    expect((await call(t.app, 'PUT', '/me/notification-settings', { body: { email: true, sms: true, shiftOffers: true } })).status).toBe(
      401,
    );
    const exported = await call(t.app, 'GET', '/me/export', { token: user.accessToken });
    expect(exported.body).toMatchObject({ notificationSettings: { email: true, sms: false, shiftOffers: false }, sms: [] });
  });
});

describe('the callback key', () => {
  it('answers 404 on both callbacks without ?key= or with a wrong one, before reading the body', async () => {
    for (const path of ['/sms/inbound', '/sms/delivery-reports']) {
      expect((await form(path, { id: 'x', status: 'Success' }, null)).status).toBe(404);
      expect((await form(path, { id: 'x', status: 'Success' }, 'wrong-key')).status).toBe(404);
      expect((await form(path, {}, null)).status).toBe(404);
      expect((await form(path, {})).status).toBe(422);
    }
  });

  it('is not asked for when AT_CALLBACK_KEY is unset', async () => {
    const open = await startTestApp();
    try {
      const response = await open.app.inject({
        method: 'POST',
        url: '/api/v1/sms/delivery-reports',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'id=ATXid_1&status=Success',
      });
      expect(response.statusCode).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('quiet hours, in the app', () => {
  it('defers a notice to the end of the quiet hours and lets one about a shift within 12 hours through', async () => {
    // Quiet hours from the present hour for two hours, Kampala time (UTC+3), so the test holds at any time
    // of day, even when it starts just before an hour ends.
    const hour = (new Date().getUTCHours() + 3) % 24;
    const two = (value: number) => String(value).padStart(2, '0');
    const quiet = await startTestApp({ listen: true, workers: true, env: { SMS_QUIET_HOURS: `${two(hour)}-${two((hour + 2) % 24)}` } });
    try {
      const quietBase = await quiet.listen();
      const user = await registerUser(quiet.app);
      await raise(quiet, accepted(user.id));
      const soon = new Date(Date.now() + 11 * 3600_000).toISOString();
      await raise(quiet, {
        userId: user.id,
        type: 'job.cancelled',
        data: { jobId: randomUUID(), jobRole: 'nurse', startsAt: soon, reason: 'Closed' },
      });
      const sent = await eventually(async () => {
        const items = ((await (await fetch(`${quietBase}/at-sim/messages`)).json()) as { items: SimulatedSms[] }).items;
        return items.find((sms) => sms.to === user.phone);
      });
      expect(sent.text).toContain('was cancelled');
      const rows = rowsOf<{ kind: string; status: string; send_after: Date }>(
        await quiet.ctx.db.execute(sql`SELECT kind, status, send_after FROM sms_messages WHERE user_id = ${user.id}`),
      );
      const deferred = rows.find((row) => row.kind === 'job.accepted')!;
      expect(deferred.status).toBe('queued');
      const endsAt = new Date(deferred.send_after);
      expect((endsAt.getUTCHours() + 3) % 24).toBe((hour + 2) % 24);
      expect(endsAt.getUTCMinutes()).toBe(0);
      expect(endsAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await quiet.close();
    }
  });
});

describe('the dev outbox', () => {
  it('lists the SMS recorded, newest first, with the callback key the page replies with and the USSD code its phone dials', async () => {
    const user = await registerUser(t.app);
    await raise(t, accepted(user.id));
    const outbox = await eventually(async () => {
      const body = (await call(t.app, 'GET', '/dev/outbox')).body as {
        items: { phone: string; kind: string }[];
        callbackKey: string;
        ussdServiceCode: string;
      };
      return body.items.some((item) => item.phone === user.phone) ? body : undefined;
    });
    expect(outbox.callbackKey).toBe(CALLBACK_KEY);
    expect(outbox.ussdServiceCode).toBe('*284*77#');
    expect(outbox.items.find((item) => item.phone === user.phone)).toMatchObject({ kind: 'job.accepted' });
  });
});

describe('in production', () => {
  it('runs no simulator and no outbox', async () => {
    const production = await startTestApp({ env: productionEnv() });
    try {
      const headers = { 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' };
      const send = await production.app.inject({
        method: 'POST',
        url: '/at-sim/version1/messaging',
        headers,
        payload: 'username=sandbox&to=%2B256772123456&message=hi',
      });
      expect(send.statusCode).toBe(404);
      expect((await production.app.inject({ url: '/api/v1/dev/outbox', headers })).statusCode).toBe(404);
    } finally {
      await production.close();
    }
  });
});

describe('the client against the simulator', () => {
  it('a wrong API key is HTTP 401 text, never a delivery', async () => {
    const response = await fetch(`${baseUrl}/at-sim/version1/messaging`, {
      method: 'POST',
      headers: { apiKey: 'wrong', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'sandbox', to: '+256772123456', message: 'hi' }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('The supplied authentication is invalid');
  });
});

describe('an erased account', () => {
  it('is sent no SMS, and nothing with its phone is written, even by a delivery that read it before the erasure', async () => {
    const user = await registerUser(t.app);
    expect((await call(t.app, 'DELETE', '/me', { token: user.accessToken })).status).toBe(204);
    const written = await t.ctx.db.transaction((tx) =>
      sendSms(t.ctx, tx, { userId: user.id, phone: user.phone, kind: 'job.accepted', text: 'Qgig: too late', from: 'sender' }),
    );
    expect(written).toBeUndefined();
    const rows = rowsOf<{ n: number }>(
      await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM sms_messages WHERE phone = ${user.phone}`),
    );
    expect(rows[0]!.n).toBe(0);
  });
});
