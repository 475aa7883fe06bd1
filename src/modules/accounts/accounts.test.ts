import { sql } from 'drizzle-orm';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../platform/crypto.js';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, registerUser, STRONG_PASSWORD, uniqueEmail, uniquePhone } from '../../../test/support/factories.js';
import { call, fetchApi } from '../../../test/support/http.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { SUPPORT_EMAIL: 'help@qgig.example.ug', SUPPORT_PHONE: '+256 414 000 111' } });
});
afterAll(async () => {
  await t.close();
});

async function userCount(): Promise<number> {
  const result = await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM users`);
  return rowsOf<{ n: number }>(result)[0]!.n;
}

function validRegistration(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Okello James',
    email: uniqueEmail(),
    phone: uniquePhone(),
    password: STRONG_PASSWORD,
    role: 'institution',
    consent: true,
    ...overrides,
  };
}

describe('the account round trip over real HTTP', () => {
  it('registers, signs in, reads /me, refreshes and logs out', async () => {
    const base = await t.listen();
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${base}/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    const get = (path: string, token: string) => fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

    const registration = validRegistration({ email: 'Mukasa.Grace@Example.UG', phone: '0772 555 010' });
    const registered = await post('/auth/register', registration);
    expect(registered.status).toBe(201);
    const created = (await registered.json()) as { user: { id: string; email: string; phone: string; role: string } };
    expect(created.user).toMatchObject({ email: 'mukasa.grace@example.ug', phone: '+256772555010', role: 'institution' });

    const loggedIn = await post('/auth/login', { email: 'MUKASA.grace@example.ug', password: STRONG_PASSWORD });
    expect(loggedIn.status).toBe(200);
    const session = (await loggedIn.json()) as { accessToken: string; refreshToken: string; expiresIn: number };
    expect(session.expiresIn).toBe(900);

    const me = await get('/me', session.accessToken);
    expect(me.status).toBe(200);
    const account = (await me.json()) as { user: { id: string }; consent: { required: boolean; version: string } };
    expect(account.user.id).toBe(created.user.id);
    expect(account.consent.required).toBe(false);

    const refreshed = await post('/auth/refresh', { refreshToken: session.refreshToken });
    expect(refreshed.status).toBe(200);
    const rotated = (await refreshed.json()) as { accessToken: string; refreshToken: string };
    expect(rotated.refreshToken).not.toBe(session.refreshToken);

    const loggedOut = await post('/auth/logout', {}, rotated.accessToken);
    expect(loggedOut.status).toBe(204);
    expect((await get('/me', rotated.accessToken)).status).toBe(401);
    expect((await post('/auth/refresh', { refreshToken: rotated.refreshToken })).status).toBe(401);
  });
});

describe('registration', () => {
  it('refuses a second account with the same email in any letter case', async () => {
    const first = validRegistration();
    expect((await call(t.app, 'POST', '/auth/register', { body: first })).status).toBe(201);
    const second = await call(t.app, 'POST', '/auth/register', { body: validRegistration({ email: first.email.toUpperCase() }) });
    expect(second.status).toBe(409);
    expect(second.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(second.body).toMatchObject({ type: expect.stringContaining('email-taken'), status: 409, errors: [{ path: 'email' }] });
  });

  it('refuses a second account with the same phone written another accepted way', async () => {
    const first = validRegistration({ phone: '0772 600 100' });
    expect((await call(t.app, 'POST', '/auth/register', { body: first })).status).toBe(201);
    for (const phone of ['772600100', '+256772600100', '256 772 600 100']) {
      const again = await call(t.app, 'POST', '/auth/register', { body: validRegistration({ phone }) });
      expect(again.status, phone).toBe(409);
      expect(again.body.type).toContain('phone-taken');
    }
  });

  it('lets exactly one of two simultaneous registrations with one email through', async () => {
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      [0, 1, 2, 3].map(() => call(t.app, 'POST', '/auth/register', { body: validRegistration({ email }) })),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it.each([
    ['no consent', { consent: false }, 'consent'],
    ['consent missing', { consent: undefined }, 'consent'],
    ['a short password', { password: 'Short1!' }, 'password'],
    ['a common password', { password: 'password123' }, 'password'],
    ['the email as password', { email: 'kato.brian@example.ug', password: 'kato.brian@example.ug' }, 'password'],
    ['a foreign phone', { phone: '+254712345678' }, 'phone'],
    ['a phone too short', { phone: '0772123' }, 'phone'],
    ['letters as phone', { phone: 'call me maybe' }, 'phone'],
    ['a number as name', { name: 12345 }, 'name'],
    ['an array as email', { email: ['a@b.ug'] }, 'email'],
    ['an admin role', { role: 'admin' }, 'role'],
    ['an SQL injection name', { name: "'; drop table users;--" }, 'name'],
    ['an HTML name', { name: '<script>alert(1)</script>' }, 'name'],
    ['a control character in the name', { name: 'Ann\u0000e' }, 'name'],
  ])('answers 422 for %s and stores nothing', async (_label, overrides, field) => {
    const before = await userCount();
    const response = await call(t.app, 'POST', '/auth/register', { body: validRegistration(overrides) });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(field);
    expect(await userCount()).toBe(before);
  });

  it('keeps the users table intact after an injection attempt in every field', async () => {
    const injection = "x'); DELETE FROM users; --";
    await call(t.app, 'POST', '/auth/login', { body: { email: `${injection}@example.ug`, password: injection } });
    const before = await userCount();
    expect(before).toBeGreaterThan(0);
    await call(t.app, 'POST', '/auth/register', { body: validRegistration({ name: injection, phone: injection }) });
    expect(await userCount()).toBe(before);
  });

  it('stores names in any script exactly as given', async () => {
    for (const name of ['Ōkello Müller', 'Nankya Ssekandi-Ñañez', "N'Dour Amani", 'Аня Иванова', 'مريم']) {
      const response = await call(t.app, 'POST', '/auth/register', { body: validRegistration({ name }) });
      expect(response.status, name).toBe(201);
      expect(response.body.user.name).toBe(name);
    }
  });

  it('answers 400 for malformed JSON and 413 for a 2 MB body, storing nothing', async () => {
    const before = await userCount();
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Okello", "email": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(malformed.body)).toMatchObject({ status: 400, title: 'Bad request' });

    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(validRegistration({ name: 'a'.repeat(2 * 1024 * 1024) })),
    });
    expect(huge.statusCode).toBe(413);
    expect(JSON.parse(huge.body)).toMatchObject({ status: 413 });
    expect(await userCount()).toBe(before);
  });
});

describe('sessions and tokens', () => {
  it('revokes the whole family when a spent refresh token is presented again after the 30 s grace', async () => {
    const user = await registerUser(t.app);
    const first = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    await spentSecondsAgo(user.refreshToken, 31);

    const reuse = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(reuse.status).toBe(401);
    // The thief's replay ended the session: the legitimate newer tokens stop working too.
    expect((await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status).toBe(401);
    expect((await call(t.app, 'GET', '/me', { token: first.body.accessToken })).status).toBe(401);
  });

  it('answers a refresh retried within 30 s with the same new refresh token and a fresh access token', async () => {
    const user = await registerUser(t.app);
    const first = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    await spentSecondsAgo(user.refreshToken, 25);

    // The first answer was lost on the way: the client sends the token it still holds.
    const retried = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(retried.status).toBe(200);
    expect(retried.body.refreshToken).toBe(first.body.refreshToken);
    expect((await call(t.app, 'GET', '/me', { token: retried.body.accessToken })).status).toBe(200);
    // The new token rotates as usual, and the session stayed whole.
    const next = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: retried.body.refreshToken } });
    expect(next.status).toBe(200);
    expect(next.body.refreshToken).not.toBe(first.body.refreshToken);
    expect((await call(t.app, 'GET', '/me', { token: next.body.accessToken })).status).toBe(200);
  });

  it('gives every one of simultaneous refreshes with one token the same new token', async () => {
    const user = await registerUser(t.app);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((answer) => answer.body.refreshToken)).size).toBe(1);
    const stored = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM refresh_tokens WHERE token_hash = ${sha256Hex(answers[0]!.body.refreshToken)}`,
    );
    expect(rowsOf<{ n: number }>(stored)[0]!.n).toBe(1);
    expect((await call(t.app, 'GET', '/me', { token: answers[5]!.body.accessToken })).status).toBe(200);
  });

  it('accepts no retry once the new token was spent, or the session ended', async () => {
    const user = await registerUser(t.app);
    const first = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect((await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status).toBe(200);
    // Two holders of one token within seconds: the session is revoked.
    expect((await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(401);
    expect((await call(t.app, 'GET', '/me', { token: first.body.accessToken })).status).toBe(401);

    const other = await registerUser(t.app);
    const rotated = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } });
    expect((await call(t.app, 'POST', '/auth/logout', { token: rotated.body.accessToken })).status).toBe(204);
    expect((await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: other.refreshToken } })).status).toBe(401);
  });

  it('rejects tampered, unsigned, foreign and expired access tokens with 401', async () => {
    const user = await registerUser(t.app);
    const [header, payload, signature] = user.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const asAdmin = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const expiredSigner = createSigner({ key: t.ctx.config.jwtSecret, algorithm: 'HS256', iss: 'qgig' });

    const forged = {
      tampered: `${header}.${asAdmin}.${signature}`,
      algNone: `${unsignedHeader}.${payload}.`,
      otherSecret: createSigner({ key: 'another-secret-of-at-least-32-chars!!', algorithm: 'HS256', iss: 'qgig' })(claims),
      expired: expiredSigner({ ...claims, exp: Math.floor(Date.now() / 1000) - 60, iat: Math.floor(Date.now() / 1000) - 1000 }),
      garbage: 'not-a-jwt',
    };
    for (const [kind, token] of Object.entries(forged)) {
      const response = await call(t.app, 'GET', '/me', { token });
      expect(response.status, kind).toBe(401);
      expect(response.body.type, kind).toContain('invalid-token');
    }
    expect((await call(t.app, 'GET', '/me')).status).toBe(401);
    expect((await call(t.app, 'GET', '/me', { token: user.accessToken })).status).toBe(200);
  });

  it('stops a suspended user at the very next request, whatever tokens they hold', async () => {
    const admin = await createAdmin(t.app, t.ctx);
    const user = await registerUser(t.app);
    expect((await call(t.app, 'GET', '/me', { token: user.accessToken })).status).toBe(200);

    const suspended = await call(t.app, 'POST', `/admin/users/${user.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'Fake certificate reported' },
    });
    expect(suspended.status).toBe(200);
    expect(suspended.body.status).toBe('suspended');

    const me = await call(t.app, 'GET', '/me', { token: user.accessToken });
    const refreshed = await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const login = await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    // Whichever request meets the suspension tells the reason and how to reach support, in its fields and its sentence.
    for (const refused of [me, refreshed, login]) {
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        type: expect.stringContaining('account-suspended'),
        reason: 'Fake certificate reported',
        support: { email: 'help@qgig.example.ug', phone: '+256 414 000 111' },
      });
      expect(refused.body.detail).toContain('Fake certificate reported');
      expect(refused.body.detail).toContain('help@qgig.example.ug or +256 414 000 111');
    }

    const audit = await t.ctx.db.execute(sql`SELECT action, reason FROM audit_log WHERE target_id = ${user.id}`);
    expect(rowsOf(audit)).toEqual([{ action: 'user.suspend', reason: 'Fake certificate reported' }]);

    expect(
      (await call(t.app, 'POST', `/admin/users/${user.id}/activate`, { token: admin.accessToken, body: { reason: 'Cleared' } })).status,
    ).toBe(200);
    expect((await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it('tells each of many simultaneous requests about its own session, though their checks share queries', async () => {
    const admin = await createAdmin(t.app, t.ctx);
    const active = await Promise.all(Array.from({ length: 12 }, () => registerUser(t.app)));
    const loggedOut = await registerUser(t.app);
    const suspended = await registerUser(t.app);
    expect((await call(t.app, 'POST', '/auth/logout', { token: loggedOut.accessToken })).status).toBe(204);
    expect(
      (await call(t.app, 'POST', `/admin/users/${suspended.id}/suspend`, { token: admin.accessToken, body: { reason: 'Reported' } }))
        .status,
    ).toBe(200);
    // A validly signed token pairing one user with another's live session names no session.
    const [victim, ...others] = active;
    const crossed = t.ctx.tokens.sign({ id: others[0]!.id, role: 'professional', sessionId: sessionIdOf(victim!.accessToken) });
    const requests = [
      ...active.map(async (user) => ({ user, response: await call(t.app, 'GET', '/me', { token: user.accessToken }) })),
      call(t.app, 'GET', '/me', { token: loggedOut.accessToken }),
      call(t.app, 'GET', '/me', { token: suspended.accessToken }),
      call(t.app, 'GET', '/me', { token: crossed }),
    ];
    const answers = await Promise.all(requests);
    for (const { user, response } of answers.slice(0, active.length) as Array<{
      user: { id: string };
      response: { status: number; body: { user: { id: string } } };
    }>) {
      expect(response.status).toBe(200);
      expect(response.body.user.id).toBe(user.id);
    }
    const [afterLogout, afterSuspension, crossedAnswer] = answers.slice(active.length) as Array<{ status: number; body: { type: string } }>;
    expect([afterLogout!.status, afterLogout!.body.type]).toEqual([401, expect.stringContaining('session-ended')]);
    expect([afterSuspension!.status, afterSuspension!.body.type]).toEqual([403, expect.stringContaining('account-suspended')]);
    expect([crossedAnswer!.status, crossedAnswer!.body.type]).toEqual([401, expect.stringContaining('session-ended')]);
  });

  it('takes the role from the account, not the token: a correctly signed token claiming admin for a professional gets no admin route', async () => {
    const professional = await registerUser(t.app);
    // What a leaked JWT_SECRET allows: a genuine signature over a forged role, on a live session.
    const claimsAdmin = t.ctx.tokens.sign({ id: professional.id, role: 'admin', sessionId: sessionIdOf(professional.accessToken) });
    const refused = await call(t.app, 'GET', '/admin/metrics', { token: claimsAdmin });
    expect([refused.status, refused.body.type]).toEqual([403, expect.stringContaining('wrong-role')]);
    expect(
      (await call(t.app, 'POST', `/admin/users/${professional.id}/suspend`, { token: claimsAdmin, body: { reason: 'self' } })).status,
    ).toBe(403);
    const me = await call(t.app, 'GET', '/me', { token: claimsAdmin });
    expect([me.status, me.body.user.role]).toEqual([200, 'professional']);
  });

  it('keeps admin actions to admins, and admins from suspending themselves', async () => {
    const admin = await createAdmin(t.app, t.ctx);
    const user = await registerUser(t.app);
    const body = { reason: 'testing' };
    expect((await call(t.app, 'POST', `/admin/users/${admin.id}/suspend`, { body })).status).toBe(401);
    expect((await call(t.app, 'POST', `/admin/users/${admin.id}/suspend`, { token: user.accessToken, body })).status).toBe(403);
    expect((await call(t.app, 'POST', `/admin/users/${admin.id}/suspend`, { token: admin.accessToken, body })).status).toBe(409);
    expect((await call(t.app, 'POST', `/admin/users/${user.id}/suspend`, { token: admin.accessToken, body: {} })).status).toBe(422);
    expect((await call(t.app, 'POST', '/admin/users/not-a-uuid/suspend', { token: admin.accessToken, body })).status).toBe(404);
  });
});

/** Back-dates the spending of a refresh token, as if `seconds` had passed since. */
async function spentSecondsAgo(refreshToken: string, seconds: number): Promise<void> {
  await t.ctx.db.execute(
    sql`UPDATE refresh_tokens SET used_at = now() - make_interval(secs => ${seconds}) WHERE token_hash = ${sha256Hex(refreshToken)}`,
  );
}

function sessionIdOf(accessToken: string): string {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()).sid;
}

describe('sign-in', () => {
  it('answers 429 with Retry-After after repeated failures, for that account only', async () => {
    const user = await registerUser(t.app);
    const other = await registerUser(t.app);
    for (let attempt = 0; attempt < t.ctx.config.loginFailuresPer15Minutes; attempt++) {
      expect((await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: 'wrong password here' } })).status).toBe(401);
    }
    const locked = await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: user.password } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(t.app, 'POST', '/auth/login', { body: { email: other.email, password: other.password } })).status).toBe(200);
  });

  it('answers the same for an unknown email as for a wrong password', async () => {
    const unknown = await call(t.app, 'POST', '/auth/login', { body: { email: uniqueEmail('nobody'), password: STRONG_PASSWORD } });
    const user = await registerUser(t.app);
    const wrong = await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: 'Not-The-Password-1' } });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('rehashes a password stored with older argon2 parameters', async () => {
    const user = await registerUser(t.app);
    const { hash } = await import('@node-rs/argon2');
    const weakHash = await hash(user.password, { memoryCost: 8192, timeCost: 1, parallelism: 1 });
    await t.ctx.db.execute(sql`UPDATE users SET password_hash = ${weakHash} WHERE id = ${user.id}`);

    expect((await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
    const stored = rowsOf<{ password_hash: string }>(
      await t.ctx.db.execute(sql`SELECT password_hash FROM users WHERE id = ${user.id}`),
    )[0]!;
    expect(stored.password_hash).not.toBe(weakHash);
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe('the per-account limit under a parallel burst over real HTTP', () => {
  let burst: TestApp;
  let base: string;
  beforeAll(async () => {
    // The per-address limit out of the way: only the per-account one is under test.
    burst = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '100000' } });
    base = await burst.listen();
  });
  afterAll(async () => {
    await burst.close();
  });

  const login = (email: string, password: string) =>
    fetchApi(base, 'POST', '/auth/login', { body: { email, password } }).then((response) => response.status);
  const count = (statuses: number[], status: number) => statuses.filter((each) => each === status).length;

  it('checks exactly the limit of 250 wrong passwords sent at once, and refuses the rest', async () => {
    const user = await registerUser(burst.app);
    const statuses = await Promise.all(Array.from({ length: 250 }, () => login(user.email, 'Wrong-Password-123')));
    const max = burst.ctx.config.loginFailuresPer15Minutes;
    expect([count(statuses, 401), count(statuses, 429)]).toEqual([max, 250 - max]);
  }, 60_000);

  it('lets the right password through a burst of 59 wrong ones only if it was among the first the limit allows', async () => {
    const user = await registerUser(burst.app);
    const statuses = await Promise.all([
      ...Array.from({ length: 59 }, () => login(user.email, 'Wrong-Password-123')),
      login(user.email, user.password),
    ]);
    const max = burst.ctx.config.loginFailuresPer15Minutes;
    const checked = count(statuses, 401) + count(statuses, 200);
    // A success clears the count, so at most one more full allowance can follow it.
    expect(checked).toBeLessThanOrEqual(statuses.at(-1) === 200 ? 2 * max : max);
    expect(count(statuses, 429)).toBe(60 - checked);
  }, 60_000);
});

describe('the per-address limit on /auth', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3' } });
  });
  afterAll(async () => {
    await limited.close();
  });

  it('answers 429 with Retry-After past the limit, and leaves other routes alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await call(limited.app, 'POST', '/auth/login', { body: { email: uniqueEmail(), password: STRONG_PASSWORD } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const response = await call(limited.app, 'POST', '/auth/login', { body: { email: uniqueEmail(), password: STRONG_PASSWORD } });
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect((await limited.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('the client address behind one proxy (TRUST_PROXY=1)', () => {
  let proxied: TestApp;
  beforeAll(async () => {
    proxied = await startTestApp({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' } });
  });
  afterAll(async () => {
    await proxied.close();
  });

  it('is the entry the proxy appended: rotating the entries the client wrote neither escapes the per-address limit nor lands in sessions', async () => {
    // The proxy (here the test's loopback peer) appends the address it saw, 203.0.113.7, after whatever the client sent.
    const through = (clientWrote: string) => ({ 'x-forwarded-for': `${clientWrote}, 203.0.113.7` });
    const user = await registerUser(proxied.app);
    await proxied.ctx.db.execute(sql`DELETE FROM rate_limit_buckets`);
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      statuses.push(
        (
          await call(proxied.app, 'POST', '/auth/login', {
            headers: through(`198.51.100.${i}`),
            body: { email: user.email, password: user.password },
          })
        ).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const addresses = rowsOf<{ ip: string }>(
      await proxied.ctx.db.execute(sql`SELECT DISTINCT ip FROM sessions WHERE user_id = ${user.id} ORDER BY ip`),
    );
    // The registration came straight from the loopback peer; every sign-in through the proxy is the appended address.
    expect(addresses).toEqual([{ ip: '127.0.0.1' }, { ip: '203.0.113.7' }]);
  });
});

describe('the first administrator', () => {
  it('is created from ADMIN_EMAIL and ADMIN_PASSWORD once, and can sign in', async () => {
    const env = { ADMIN_EMAIL: 'Root.Admin@Qgig.UG', ADMIN_PASSWORD: 'Lake-Victoria-Admin-1' };
    const first = await startTestApp({ env });
    try {
      const login = await call(first.app, 'POST', '/auth/login', { body: { email: 'root.admin@qgig.ug', password: env.ADMIN_PASSWORD } });
      expect(login.status).toBe(200);
      expect(login.body.user.role).toBe('admin');

      const again = await startTestApp({
        databaseName: first.databaseName,
        env: { ADMIN_EMAIL: 'second@qgig.ug', ADMIN_PASSWORD: 'Lake-Victoria-Admin-2' },
      });
      await again.close();
      const admins = await first.ctx.db.execute(
        sql`SELECT email, email_verified_at IS NOT NULL AS verified FROM users WHERE role = 'admin'`,
      );
      expect(rowsOf(admins)).toEqual([{ email: 'root.admin@qgig.ug', verified: true }]);
    } finally {
      await first.close();
    }
  });
});
