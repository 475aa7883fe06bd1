import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { registerUser, uniquePhone } from '../../../test/support/factories.js';
import { fetchApi, type CallOptions } from '../../../test/support/http.js';
import { eventually } from '../../../test/support/pesapal.js';
import { sendPhoneCode, verifyPhoneCode } from '../phone-codes/service.js';
import { toGsm7 } from '../sms/gsm7.js';
import type { SimulatedSms } from '../sms/simulator.js';
import { REFRESH_COOKIE } from './refresh-cookie.js';

const NEW_PASSWORD = 'Rwenzori-Peaks-5109';
let t: TestApp;
let base: string;

beforeAll(async () => {
  // The production per-IP limit (300 a minute), not the test default: codes for many phones from one address still pass.
  t = await startTestApp({ listen: true, workers: true, env: { AUTH_RATE_LIMIT_PER_MINUTE: '300' } });
  base = await t.listen();
});
afterAll(() => t.close());

const api = (method: string, url: string, options: CallOptions = {}) => fetchApi(base, method, url, options);
const e164 = (phone: string) => toUgandaE164(phone)!;

/** The SMS the simulator received for the phone, oldest first. */
async function smsTo(phone: string): Promise<SimulatedSms[]> {
  const response = await fetch(`${base}/at-sim/messages`);
  return ((await response.json()) as { items: SimulatedSms[] }).items.filter((sms) => sms.to === e164(phone)).reverse();
}

/** The code of the `count`-th SMS sent to the phone. */
async function codeSentTo(phone: string, count = 1): Promise<string> {
  const sms = await eventually(async () => (await smsTo(phone))[count - 1]);
  const code = /\b(\d{6})\b/.exec(sms.text)?.[1];
  expect(code, sms.text).toBeDefined();
  return code!;
}

/** Waits until an SMS queued now has been sent, so anything queued before it has had its turn too. */
async function settleQueue(): Promise<void> {
  const marker = await registerUser(t.app);
  await api('POST', '/auth/otp', { body: { phone: marker.phone } });
  await codeSentTo(marker.phone);
}

async function expectNoSmsTo(phone: string): Promise<void> {
  await settleQueue();
  expect(await smsTo(phone)).toEqual([]);
}

async function codeRows(userId: string) {
  return rowsOf<{ purpose: string; phone: string; code_hash: string; tries_left: number; lifetime: number }>(
    await t.ctx.db.execute(
      sql`SELECT purpose, phone, code_hash, tries_left, extract(epoch FROM expires_at - created_at)::int AS lifetime FROM phone_codes WHERE user_id = ${userId}`,
    ),
  );
}

const verify = (phone: string, code: string) => api('POST', '/auth/otp/verify', { body: { phone, code } });
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('POST /auth/otp and /auth/otp/verify: sign-in by SMS code', () => {
  it('sends a 6-digit code valid 5 minutes, stored only as a keyed hash, and signs in with it exactly as /auth/login does', async () => {
    const user = await registerUser(t.app);
    const requested = await api('POST', '/auth/otp', { body: { phone: e164(user.phone) } });
    expect(requested.status).toBe(202);

    const [sms] = await eventually(async () => ((await smsTo(user.phone)).length ? smsTo(user.phone) : undefined));
    expect(sms!.text).toMatch(/^Qgig: \d{6} is your sign-in code\. It works for 5 minutes\./);
    expect(sms!.text.length).toBeLessThanOrEqual(160);
    expect(toGsm7(sms!.text)).toBe(sms!.text);
    const code = await codeSentTo(user.phone);
    const [row] = await codeRows(user.id);
    expect(row).toMatchObject({ purpose: 'sign_in', phone: e164(user.phone), tries_left: 3, lifetime: 300 });
    expect(row!.code_hash).not.toContain(code);

    // Any form of the number people type: 772123456 this time.
    const signedIn = await verify(e164(user.phone).slice(4), code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ user: { id: user.id, phone: e164(user.phone) }, expiresIn: expect.any(Number) });
    expect(String(signedIn.headers['set-cookie'])).toContain(`${REFRESH_COOKIE}=${signedIn.body.refreshToken}`);
    expect((await api('GET', '/me', { token: signedIn.body.accessToken })).body.user.id).toBe(user.id);
    const refreshed = await api('POST', '/auth/refresh', { body: { refreshToken: signedIn.body.refreshToken } });
    expect(refreshed.status).toBe(200);

    // Single use: the code is gone once spent.
    const again = await verify(user.phone, code);
    expect(again.status).toBe(401);
    expect(again.body.type).toContain('invalid-code');
    expect(await codeRows(user.id)).toEqual([]);
  });

  it('answers a registered and an unregistered phone alike, and sends the unregistered one nothing', async () => {
    const user = await registerUser(t.app);
    const stranger = uniquePhone();
    const [known, unknown] = await Promise.all([
      api('POST', '/auth/otp', { body: { phone: user.phone } }),
      api('POST', '/auth/otp', { body: { phone: stranger } }),
    ]);
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers['content-type']).toEqual(known.headers['content-type']);
    expect(unknown.headers['content-length']).toEqual(known.headers['content-length']);
    await codeSentTo(user.phone);
    await expectNoSmsTo(stranger);
    const [wrongKnown, wrongUnknown] = [await verify(user.phone, '000000'), await verify(stranger, '000000')];
    expect(wrongUnknown.status).toBe(401);
    expect(wrongUnknown.body).toEqual(wrongKnown.body);
  });

  it.each([
    ['a registered phone', true],
    ['an unregistered phone', false],
  ])('refuses the 4th code within an hour for %s with 429 and Retry-After, whatever form the number is typed in', async (_, registered) => {
    const phone = registered ? (await registerUser(t.app)).phone : uniquePhone();
    const forms = [phone, e164(phone), e164(phone).slice(4), `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`];
    for (const form of forms.slice(0, 3)) expect((await api('POST', '/auth/otp', { body: { phone: form } })).status).toBe(202);
    const fourth = await api('POST', '/auth/otp', { body: { phone: forms[3] } });
    expect(fourth.status).toBe(429);
    expect(fourth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(fourth.headers['retry-after'])).toBeGreaterThan(3000);
    if (registered) {
      await codeSentTo(phone, 3);
      await settleQueue();
      expect(await smsTo(phone)).toHaveLength(3);
    } else {
      await expectNoSmsTo(phone);
    }
  });

  it('is generous per address: many phones behind one carrier NAT all get their codes', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => api('POST', '/auth/otp', { body: { phone: uniquePhone() } })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(60).fill(202));
  });

  it('refuses an expired code (by the database clock)', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const code = await codeSentTo(user.phone);
    await t.ctx.db.execute(sql`UPDATE phone_codes SET expires_at = now() - interval '1 second' WHERE user_id = ${user.id}`);
    expect((await verify(user.phone, code)).status).toBe(401);
  });

  it('kills a code after 3 wrong tries; a new code works', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const code = await codeSentTo(user.phone);
    for (let i = 0; i < 3; i += 1) expect((await verify(user.phone, wrongCode(code))).status).toBe(401);
    expect((await verify(user.phone, code)).status).toBe(401);

    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const fresh = await codeSentTo(user.phone, 2);
    expect((await verify(user.phone, fresh)).status).toBe(200);
  });

  it('a new code replaces the earlier one', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const first = await codeSentTo(user.phone);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const second = await codeSentTo(user.phone, 2);
    if (first !== second) expect((await verify(user.phone, first)).status).toBe(401);
    expect((await verify(user.phone, second)).status).toBe(200);
  });

  it('opens one session for concurrent verifications of the same code', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const code = await codeSentTo(user.phone);
    // Up to the 3 tries a code has: each is a right answer, and exactly one wins.
    const answers = await Promise.all([1, 2, 3].map(() => verify(user.phone, code)));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401]);
    const [sessions] = rowsOf<{ count: number }>(
      await t.ctx.db.execute(sql`SELECT count(*)::int AS count FROM sessions WHERE user_id = ${user.id}`),
    );
    expect(sessions!.count).toBe(2); // the registration's and the code's
  });

  it('answers a suspended account 403, as a password sign-in does', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const code = await codeSentTo(user.phone);
    await t.ctx.db.execute(sql`UPDATE users SET status = 'suspended' WHERE id = ${user.id}`);
    const answer = await verify(user.phone, code);
    expect(answer.status).toBe(403);
    expect(answer.body.type).toContain('account-suspended');
  });

  it('accepts a code typed with spaces, and refuses malformed input with a 4xx problem, never a 500', async () => {
    const user = await registerUser(t.app);
    await api('POST', '/auth/otp', { body: { phone: user.phone } });
    const code = await codeSentTo(user.phone);
    const malformed: [string, unknown][] = [
      ['/auth/otp', { phone: 'not a phone' }],
      ['/auth/otp', { phone: 772123456 }],
      ['/auth/otp', { phone: "0772' OR 1=1 --" }],
      ['/auth/otp', { phone: '+254712345678' }],
      ['/auth/otp', {}],
      ['/auth/otp/verify', { phone: user.phone, code: '12345' }],
      ['/auth/otp/verify', { phone: user.phone, code: '１２３４５６' }],
      ['/auth/otp/verify', { phone: user.phone, code: 123456 }],
      ['/auth/otp/verify', { phone: user.phone, code: "' OR '1'='1" }],
      ['/auth/otp/verify', { phone: '🙂', code }],
    ];
    for (const [path, body] of malformed) {
      const answer = await api('POST', path, { body });
      expect([400, 422], `${path} ${JSON.stringify(body)}`).toContain(answer.status);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const broken = await fetch(`${base}/api/v1/auth/otp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"phone":',
    });
    expect(broken.status).toBe(400);
    // None of that spent a try: the code still works, typed as people read it.
    expect((await verify(user.phone, ` ${code.slice(0, 3)} ${code.slice(3)} `)).status).toBe(200);
  });
});

describe('password reset by SMS code', () => {
  it('sends a code valid 30 minutes; the code sets the password once and ends every session', async () => {
    const user = await registerUser(t.app);
    expect((await api('POST', '/auth/password-reset', { body: { phone: user.phone } })).status).toBe(202);
    const code = await codeSentTo(user.phone);
    const [sms] = await smsTo(user.phone);
    expect(sms!.text).toMatch(/reset your password\. It works for 30 minutes/);
    expect(sms!.text.length).toBeLessThanOrEqual(160);
    expect((await codeRows(user.id))[0]).toMatchObject({ purpose: 'password_reset', lifetime: 1800 });

    const confirm = (body: object) => api('POST', '/auth/password-reset/confirm', { body });
    const wrong = await confirm({ phone: user.phone, code: wrongCode(code), password: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(wrong.body.type).toContain('invalid-code');
    // A password the policy refuses is refused before the code is tried.
    const weak = await confirm({ phone: user.phone, code, password: `${user.email}-2026x` });
    expect(weak.status).toBe(422);
    expect(weak.body.type).not.toContain('invalid-code');

    expect((await confirm({ phone: e164(user.phone), code, password: NEW_PASSWORD })).status).toBe(204);
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(401);
    expect((await api('POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await api('POST', '/auth/login', { body: { email: user.email, password: NEW_PASSWORD } })).status).toBe(200);
    expect((await confirm({ phone: user.phone, code, password: 'Another-Lake-7741' })).status).toBe(422);
  });

  it('answers an unregistered phone the same and sends it nothing; refuses a body with both or neither address', async () => {
    const stranger = uniquePhone();
    const answer = await api('POST', '/auth/password-reset', { body: { phone: stranger } });
    expect(answer.status).toBe(202);
    expect(answer.body).toBeUndefined();
    await expectNoSmsTo(stranger);
    const user = await registerUser(t.app);
    for (const body of [{ email: user.email, phone: user.phone }, {}, { phone: 'x' }]) {
      expect((await api('POST', '/auth/password-reset', { body })).status).toBe(422);
    }
    for (const body of [
      { token: 'a'.repeat(43), phone: user.phone, code: '123456', password: NEW_PASSWORD },
      { phone: user.phone, password: NEW_PASSWORD },
      { code: '123456', password: NEW_PASSWORD },
    ]) {
      expect((await api('POST', '/auth/password-reset/confirm', { body })).status).toBe(422);
    }
  });
});

describe('POST /me/phone and /me/phone/confirm: a phone change confirmed by a code sent to the new phone', () => {
  it('changes the phone once the code sent to the new phone comes back', async () => {
    const user = await registerUser(t.app);
    const newPhone = uniquePhone();
    const asked = await api('POST', '/me/phone', { token: user.accessToken, body: { phone: newPhone, password: user.password } });
    expect(asked.status).toBe(202);
    const code = await codeSentTo(newPhone);
    expect(await smsTo(user.phone)).toEqual([]);
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.phone).toBe(e164(user.phone));

    const other = await registerUser(t.app);
    expect((await api('POST', '/me/phone/confirm', { token: other.accessToken, body: { code } })).status).toBe(422);
    expect((await api('POST', '/me/phone/confirm', { body: { code } })).status).toBe(401);
    expect((await api('POST', '/me/phone/confirm', { token: user.accessToken, body: { code } })).status).toBe(204);
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.phone).toBe(e164(newPhone));
    expect((await api('POST', '/me/phone/confirm', { token: user.accessToken, body: { code } })).status).toBe(422);

    // The new phone signs in by code; the old one is no one's.
    await api('POST', '/auth/otp', { body: { phone: newPhone } });
    expect((await verify(newPhone, await codeSentTo(newPhone, 2))).status).toBe(200);
  });

  it('refuses a wrong password, the same phone, a phone already taken, and answers 409 when it was taken meanwhile', async () => {
    const user = await registerUser(t.app);
    const taken = await registerUser(t.app);
    const ask = (body: object) => api('POST', '/me/phone', { token: user.accessToken, body });
    expect((await ask({ phone: uniquePhone(), password: 'Wrong-Password-1234' })).body.type).toContain('wrong-password');
    expect((await ask({ phone: e164(user.phone), password: user.password })).body.type).toContain('same-phone');
    const refused = await ask({ phone: taken.phone, password: user.password });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toContain('phone-taken');
    expect((await ask({ phone: 'abc', password: user.password })).status).toBe(422);

    const contested = uniquePhone();
    expect((await ask({ phone: contested, password: user.password })).status).toBe(202);
    const code = await codeSentTo(contested);
    await registerUser(t.app, { phone: contested });
    const confirmed = await api('POST', '/me/phone/confirm', { token: user.accessToken, body: { code } });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body.type).toContain('phone-taken');
    expect((await api('GET', '/me', { token: user.accessToken })).body.user.phone).toBe(e164(user.phone));
  });
});

describe('the phone-codes module, for every purpose', () => {
  it.each(['sign_in', 'password_reset', 'phone_change', 'ussd_pin'] as const)(
    'sends a %s code in one GSM-7 segment and takes it back once, by account alone',
    async (purpose) => {
      const user = await registerUser(t.app);
      await t.ctx.db.transaction((tx) => sendPhoneCode(t.ctx, tx, { userId: user.id, phone: e164(user.phone), purpose }));
      const code = await codeSentTo(user.phone);
      const [sms] = await smsTo(user.phone);
      expect(sms!.text.length).toBeLessThanOrEqual(160);
      expect(toGsm7(sms!.text)).toBe(sms!.text);
      expect(await verifyPhoneCode(t.ctx, { userId: user.id, purpose, code: wrongCode(code) })).toBeUndefined();
      expect(await verifyPhoneCode(t.ctx, { userId: user.id, purpose, code })).toEqual({ phone: e164(user.phone) });
      expect(await verifyPhoneCode(t.ctx, { userId: user.id, purpose, code })).toBeUndefined();
    },
  );
});
