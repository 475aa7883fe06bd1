import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../platform/crypto.js';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { registerUser, uniqueEmail } from '../../../test/support/factories.js';
import { fetchApi, type CallOptions } from '../../../test/support/http.js';
import { accepted, deliveries, raise } from '../../../test/support/notifications.js';
import { eventually } from '../../../test/support/pesapal.js';
import { startSmtpServer, type TestSmtpServer } from '../../../test/support/smtp.js';
import { sendAccountLink, sendAccountLinkTask } from './account-links.js';

const PUBLIC_URL = 'https://qgig.example.ug';
const NEW_PASSWORD = 'Rwenzori-Peaks-5109';
let smtp: TestSmtpServer;
let t: TestApp;
let base: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ workers: true, env: { SMTP_URL: smtp.url, PUBLIC_URL } });
  base = await t.listen();
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const api = (method: string, url: string, options: CallOptions = {}) => fetchApi(base, method, url, options);

function mailsTo(address: string, subject: string): ParsedMail[] {
  return smtp.messages.filter((mail) => mail.subject === subject && JSON.stringify(mail.to).includes(address));
}

/** Waits for the `count`-th mail with this subject to the address, and returns the token of its link to `page`. */
async function linkToken(address: string, subject: string, page: string, count = 1): Promise<string> {
  const mail = await eventually(() => mailsTo(address, subject)[count - 1]);
  const match = new RegExp(`${PUBLIC_URL}${page}\\?token=([\\w-]+)`).exec(mail.text ?? '');
  expect(match, mail.text).not.toBeNull();
  expect(mail.html).toContain(`href="${PUBLIC_URL}${page}?token=${match![1]}"`);
  return match![1]!;
}

/** Every mailing task queued so far has finished, so a mail that did not come will not. */
async function linkTasksDone(): Promise<void> {
  await eventually(async () => {
    const result = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${sendAccountLinkTask.name} AND state <> 'completed'`,
    );
    return rowsOf<{ n: number }>(result)[0]!.n === 0;
  });
}

async function signIn(email: string, password: string) {
  return api('POST', '/auth/login', { body: { email, password } });
}

describe('password reset by email', () => {
  it('mails a single-use link valid 30 minutes that sets the password and ends every session', async () => {
    const user = await registerUser(t.app);
    const otherDevice = (await signIn(user.email, user.password)).body;

    expect((await api('POST', '/auth/password-reset', { body: { email: user.email.toUpperCase() } })).status).toBe(202);
    const token = await linkToken(user.email, 'Reset your Qgig password', '/reset-password');
    const stored = rowsOf<{ minutes: number; tokens: number }>(
      await t.ctx.db.execute(sql`
        SELECT round(extract(epoch FROM expires_at - created_at) / 60)::int AS minutes,
               (SELECT count(*)::int FROM account_tokens WHERE token_hash = ${token}) AS tokens
        FROM account_tokens WHERE token_hash = ${sha256Hex(token)}`),
    );
    expect(stored).toEqual([{ minutes: 30, tokens: 0 }]);

    const weak = await api('POST', '/auth/password-reset/confirm', { body: { token, password: 'password123' } });
    expect(weak.status).toBe(422);
    expect(weak.body.errors).toEqual([expect.objectContaining({ path: 'password' })]);

    expect((await api('POST', '/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } })).status).toBe(204);
    for (const session of [user, otherDevice]) {
      expect((await api('GET', '/me', { token: session.accessToken })).status).toBe(401);
      expect((await api('POST', '/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    }
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);

    const again = await api('POST', '/auth/password-reset/confirm', { body: { token, password: 'Another-Long-Secret-77' } });
    expect(again.status).toBe(422);
    expect(again.body.type).toContain('invalid-link');
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('stores the token before the mail goes, and a retried task mails the same link, storing nothing new', async () => {
    const user = await registerUser(t.app);
    const link = { kind: 'password-reset' as const, email: user.email };
    const taskId = randomUUID();
    // The task run twice under one id, as pg-boss retries it when it failed after sending.
    await sendAccountLink(t.ctx, link, taskId);
    const first = await linkToken(user.email, 'Reset your Qgig password', '/reset-password');
    await sendAccountLink(t.ctx, link, taskId);
    const second = await linkToken(user.email, 'Reset your Qgig password', '/reset-password', 2);
    expect(second).toBe(first);
    const stored = rowsOf<{ hash: string }>(
      await t.ctx.db.execute(sql`SELECT token_hash AS hash FROM account_tokens WHERE user_id = ${user.id} AND purpose = 'password_reset'`),
    );
    expect(stored).toEqual([{ hash: sha256Hex(first) }]);
    expect((await api('POST', '/auth/password-reset/confirm', { body: { token: first, password: NEW_PASSWORD } })).status).toBe(204);
  });

  it('stores no token and mails nothing when the account is erased while the link is being sent', async () => {
    const user = await registerUser(t.app);
    const link = { kind: 'password-reset' as const, email: user.email };
    // An erasure under way: the account row is already pseudonymised, not yet committed.
    let commitErasure!: () => void;
    const erasing = t.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE users SET status = 'erased', email = NULL, phone = NULL WHERE id = ${user.id}`);
      await tx.execute(sql`DELETE FROM account_tokens WHERE user_id = ${user.id}`);
      await new Promise<void>((resolve) => (commitErasure = resolve));
    });
    await eventually(() => commitErasure !== undefined);
    const sending = sendAccountLink(t.ctx, link, randomUUID());
    await new Promise((resolve) => setTimeout(resolve, 200));
    commitErasure();
    await erasing;
    await sending;
    const left = rowsOf(await t.ctx.db.execute(sql`SELECT 1 FROM account_tokens WHERE email = ${user.email}`));
    expect(left).toEqual([]);
    await linkTasksDone();
    expect(mailsTo(user.email, 'Reset your Qgig password')).toEqual([]);
  });

  it('answers 202 for an unknown address and mails nothing, and limits requests per address alike', async () => {
    const user = await registerUser(t.app);
    const unknown = uniqueEmail('nobody');
    for (let request = 0; request < 5; request++) {
      expect((await api('POST', '/auth/password-reset', { body: { email: unknown } })).status).toBe(202);
      expect((await api('POST', '/auth/password-reset', { body: { email: user.email } })).status).toBe(202);
    }
    const unknownSixth = await api('POST', '/auth/password-reset', { body: { email: unknown } });
    const knownSixth = await api('POST', '/auth/password-reset', { body: { email: user.email } });
    expect([unknownSixth.status, knownSixth.status]).toEqual([429, 429]);
    expect(unknownSixth.headers['retry-after']).toBeDefined();
    await linkTasksDone();
    expect(smtp.messages.some((mail) => JSON.stringify(mail.to).includes(unknown))).toBe(false);
    expect(mailsTo(user.email, 'Reset your Qgig password')).toHaveLength(5);
  });

  it('refuses an expired link, and one sent before a newer reset was used', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/password-reset', { body: { email: user.email } });
    const first = await linkToken(user.email, 'Reset your Qgig password', '/reset-password');
    await api('POST', '/auth/password-reset', { body: { email: user.email } });
    const second = await linkToken(user.email, 'Reset your Qgig password', '/reset-password', 2);
    await api('POST', '/auth/password-reset', { body: { email: user.email } });
    const third = await linkToken(user.email, 'Reset your Qgig password', '/reset-password', 3);

    await t.ctx.db.execute(sql`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ${sha256Hex(first)}`);
    expect((await api('POST', '/auth/password-reset/confirm', { body: { token: first, password: NEW_PASSWORD } })).status).toBe(422);
    expect((await api('POST', '/auth/password-reset/confirm', { body: { token: second, password: NEW_PASSWORD } })).status).toBe(204);
    expect((await api('POST', '/auth/password-reset/confirm', { body: { token: third, password: 'Another-Long-Secret-77' } })).status).toBe(
      422,
    );
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });
});

describe('email verification', () => {
  it('mails a link at sign-up; until it is followed, notices reach the person in the app and by SMS, never by email', async () => {
    const user = await registerUser(t.app);
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.emailVerified).toBe(false);
    const token = await linkToken(user.email, 'Confirm your email address', '/verify-email');

    const unsent = await raise(t, accepted(user.id));
    await eventually(async () => {
      const list = await api('GET', '/notifications', { token: user.accessToken });
      return list.body.items.some((notice: { id: string }) => notice.id === unsent);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await deliveries(t, unsent)).filter((delivery) => delivery.channel === 'email')).toEqual([]);
    expect(mailsTo(user.email, 'Your shift was accepted')).toHaveLength(0);

    expect((await api('POST', '/auth/verify-email', { body: { token } })).status).toBe(204);
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.emailVerified).toBe(true);
    await raise(t, accepted(user.id));
    await eventually(() => mailsTo(user.email, 'Your shift was accepted')[0]);
    expect((await api('POST', '/auth/verify-email', { body: { token } })).status).toBe(422);
  });

  it('sends the link again on request, and not once the address is verified', async () => {
    const user = await registerUser(t.app);
    await linkToken(user.email, 'Confirm your email address', '/verify-email');
    expect((await api('POST', '/me/verify-email/resend', { token: user.accessToken })).status).toBe(202);
    const token = await linkToken(user.email, 'Confirm your email address', '/verify-email', 2);
    expect((await api('POST', '/auth/verify-email', { body: { token } })).status).toBe(204);
    const again = await api('POST', '/me/verify-email/resend', { token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.type).toContain('email-already-verified');
    expect((await api('POST', '/me/verify-email/resend')).status).toBe(401);
  });

  it('refuses malformed and unknown tokens without a 500', async () => {
    for (const body of [{}, { token: 'short' }, { token: 'x'.repeat(500) }, { token: 'a'.repeat(43) }]) {
      const response = await api('POST', '/auth/verify-email', { body });
      expect([400, 422], JSON.stringify(body).slice(0, 40)).toContain(response.status);
    }
  });

  it('counts a password reset as proof of the address', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/password-reset', { body: { email: user.email } });
    const token = await linkToken(user.email, 'Reset your Qgig password', '/reset-password');
    await api('POST', '/auth/password-reset/confirm', { body: { token, password: NEW_PASSWORD } });
    const session = (await signIn(user.email, NEW_PASSWORD)).body;
    expect((await api('GET', '/me', { token: session.accessToken })).body.user.emailVerified).toBe(true);
  });
});

describe('changing one’s own account', () => {
  it('changes the name', async () => {
    const user = await registerUser(t.app);
    const renamed = await api('PATCH', '/me', { token: user.accessToken, body: { name: 'Nabirye Ruth' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user.name).toBe('Nabirye Ruth');
    expect((await api('PATCH', '/me', { token: user.accessToken, body: { name: '1' } })).status).toBe(422);
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.name).toBe('Nabirye Ruth');
  });

  it('changes the password with the current one, ending every other session but the caller’s', async () => {
    const user = await registerUser(t.app);
    const otherDevice = (await signIn(user.email, user.password)).body;
    const wrong = await api('POST', '/me/password', {
      token: user.accessToken,
      body: { current: 'Not-The-Password-1', password: NEW_PASSWORD },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'current', message: 'The password is wrong' }]);
    const weak = await api('POST', '/me/password', { token: user.accessToken, body: { current: user.password, password: 'short' } });
    expect(weak.status).toBe(422);
    expect((await signIn(user.email, user.password)).status).toBe(200);

    expect(
      (await api('POST', '/me/password', { token: user.accessToken, body: { current: user.password, password: NEW_PASSWORD } })).status,
    ).toBe(204);
    expect((await api('GET', '/me', { token: otherDevice.accessToken })).status).toBe(401);
    expect((await api('POST', '/auth/refresh', { body: { refreshToken: otherDevice.refreshToken } })).status).toBe(401);
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);
    expect((await api('POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('limits wrong current passwords like failed sign-ins', async () => {
    const user = await registerUser(t.app);
    const attempt = () =>
      api('POST', '/me/email', { token: user.accessToken, body: { email: uniqueEmail(), password: 'Not-The-Password-1' } });
    for (let tries = 0; tries < t.ctx.config.loginFailuresPer15Minutes; tries++) expect((await attempt()).status).toBe(422);
    expect((await attempt()).status).toBe(429);
  });

  it('changes the email once the link mailed to the new address is followed', async () => {
    const user = await registerUser(t.app);
    const taken = await registerUser(t.app);
    const newEmail = uniqueEmail('moved');
    expect(
      (await api('POST', '/me/email', { token: user.accessToken, body: { email: newEmail, password: 'Not-The-Password-1' } })).status,
    ).toBe(422);
    expect(
      (await api('POST', '/me/email', { token: user.accessToken, body: { email: taken.email, password: user.password } })).status,
    ).toBe(409);

    expect(
      (await api('POST', '/me/email', { token: user.accessToken, body: { email: newEmail.toUpperCase(), password: user.password } }))
        .status,
    ).toBe(202);
    const token = await linkToken(newEmail, 'Confirm your new email address', '/confirm-email');
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.email).toBe(user.email);

    expect((await api('POST', '/me/email/confirm', { body: { token } })).status).toBe(204);
    const me = (await api('GET', '/me', { token: user.accessToken })).body.user;
    expect(me).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await signIn(newEmail, user.password)).status).toBe(200);
    expect((await signIn(user.email, user.password)).status).toBe(401);
    expect((await api('POST', '/me/email/confirm', { body: { token } })).status).toBe(422);
  });

  it('answers 409 when the new address was taken between the request and the confirmation', async () => {
    const user = await registerUser(t.app);
    const newEmail = uniqueEmail('contested');
    await api('POST', '/me/email', { token: user.accessToken, body: { email: newEmail, password: user.password } });
    const token = await linkToken(newEmail, 'Confirm your new email address', '/confirm-email');
    await registerUser(t.app, { email: newEmail });

    const confirmed = await api('POST', '/me/email/confirm', { body: { token } });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.type).toContain('email-taken');
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.email).toBe(user.email);
  });
});
