import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../platform/crypto.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { productionEnv } from '../../../test/support/env.js';
import { registerUser, STRONG_PASSWORD, uniqueEmail, uniquePhone } from '../../../test/support/factories.js';
import { REFRESH_COOKIE } from './refresh-cookie.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

interface InjectedCookie {
  name: string;
  value: string;
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: string;
  maxAge?: number;
  expires?: Date;
}

function refreshCookieOf(response: { cookies: InjectedCookie[] }): InjectedCookie | undefined {
  const matching = response.cookies.filter((cookie) => cookie.name === REFRESH_COOKIE);
  expect(matching.length).toBeLessThanOrEqual(1);
  return matching[0];
}

const isCleared = (cookie: InjectedCookie | undefined) =>
  cookie !== undefined && cookie.value === '' && cookie.expires!.getTime() <= Date.now();

const post = (
  app: TestApp['app'],
  url: string,
  body: unknown,
  options: { cookie?: string; token?: string; headers?: Record<string, string> } = {},
) =>
  app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    payload: body as object,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    ...(options.cookie !== undefined ? { cookies: { [REFRESH_COOKIE]: options.cookie } } : {}),
  });

function registration() {
  return {
    name: 'Namuli Joan',
    email: uniqueEmail(),
    phone: uniquePhone(),
    password: STRONG_PASSWORD,
    role: 'professional',
    consent: true,
  };
}

describe('the refresh cookie', () => {
  it('is set by register and login: HttpOnly, SameSite=Strict, scoped to /api/v1/auth, not Secure outside production', async () => {
    const body = registration();
    const registered = await post(t.app, '/auth/register', body);
    expect(registered.statusCode).toBe(201);
    const fromRegister = refreshCookieOf(registered)!;
    expect(fromRegister).toMatchObject({
      value: registered.json().refreshToken,
      path: '/api/v1/auth',
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: 30 * 24 * 3600,
    });
    expect(fromRegister.secure).toBeFalsy();

    const loggedIn = await post(t.app, '/auth/login', { email: body.email, password: body.password });
    expect(loggedIn.statusCode).toBe(200);
    const fromLogin = refreshCookieOf(loggedIn)!;
    expect(fromLogin).toMatchObject({ value: loggedIn.json().refreshToken, path: '/api/v1/auth', httpOnly: true, sameSite: 'Strict' });
    expect(fromLogin.value).not.toBe(fromRegister.value);
  });

  it('keeps the JSON answer unchanged for clients that do not use cookies', async () => {
    const registered = await post(t.app, '/auth/register', registration());
    expect(Object.keys(registered.json()).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'user']);
  });

  it('refreshes from the cookie alone, rotating the cookie, and the new access token works', async () => {
    const user = await registerUser(t.app);
    const refreshed = await post(t.app, '/auth/refresh', {}, { cookie: user.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    const rotated = refreshCookieOf(refreshed)!;
    expect(rotated.value).toBe(refreshed.json().refreshToken);
    expect(rotated.value).not.toBe(user.refreshToken);
    expect(rotated).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
    const me = await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${refreshed.json().accessToken}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.id).toBe(user.id);
  });

  it('still refreshes from the body, which wins over a cookie', async () => {
    const user = await registerUser(t.app);
    const response = await post(t.app, '/auth/refresh', { refreshToken: user.refreshToken }, { cookie: 'x'.repeat(40) });
    expect(response.statusCode).toBe(200);
    expect(refreshCookieOf(response)!.value).toBe(response.json().refreshToken);
  });

  it('answers 401 without any token and sets no cookie', async () => {
    const response = await post(t.app, '/auth/refresh', {});
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json().type).toContain('no-refresh-token');
    expect(refreshCookieOf(response)).toBeUndefined();
  });

  it('answers a cookie retried within 30 s with the same new cookie', async () => {
    const user = await registerUser(t.app);
    const first = await post(t.app, '/auth/refresh', {}, { cookie: user.refreshToken });
    expect(first.statusCode).toBe(200);
    const retried = await post(t.app, '/auth/refresh', {}, { cookie: user.refreshToken });
    expect(retried.statusCode).toBe(200);
    expect(refreshCookieOf(retried)!.value).toBe(refreshCookieOf(first)!.value);
    expect((await post(t.app, '/auth/refresh', {}, { cookie: refreshCookieOf(retried)!.value })).statusCode).toBe(200);
  });

  it('clears a cookie it refuses: spent, unknown, malformed or oversized', async () => {
    const user = await registerUser(t.app);
    expect((await post(t.app, '/auth/refresh', {}, { cookie: user.refreshToken })).statusCode).toBe(200);
    await t.ctx.db.execute(
      sql`UPDATE refresh_tokens SET used_at = now() - interval '31 seconds' WHERE token_hash = ${sha256Hex(user.refreshToken)}`,
    );
    for (const value of [user.refreshToken, randomBytes(32).toString('base64url'), 'short', 'y'.repeat(5000), "'; DROP TABLE users; --"]) {
      const response = await post(t.app, '/auth/refresh', {}, { cookie: value });
      expect(response.statusCode, value.slice(0, 20)).toBe(401);
      expect(isCleared(refreshCookieOf(response)), value.slice(0, 20)).toBe(true);
    }
  });

  it('leaves the cookie alone when a body token is refused', async () => {
    const response = await post(
      t.app,
      '/auth/refresh',
      { refreshToken: randomBytes(32).toString('base64url') },
      { cookie: 'z'.repeat(40) },
    );
    expect(response.statusCode).toBe(401);
    expect(refreshCookieOf(response)).toBeUndefined();
  });

  it('is cleared by logout, after which it refreshes nothing', async () => {
    const user = await registerUser(t.app);
    const loggedOut = await post(t.app, '/auth/logout', {}, { token: user.accessToken, cookie: user.refreshToken });
    expect(loggedOut.statusCode).toBe(204);
    const cleared = refreshCookieOf(loggedOut)!;
    expect(isCleared(cleared)).toBe(true);
    expect(cleared).toMatchObject({ path: '/api/v1/auth', httpOnly: true, sameSite: 'Strict' });
    expect((await post(t.app, '/auth/refresh', {}, { cookie: user.refreshToken })).statusCode).toBe(401);
  });

  it('is not cleared by a logout without a valid access token', async () => {
    const user = await registerUser(t.app);
    const response = await post(t.app, '/auth/logout', {}, { cookie: user.refreshToken });
    expect(response.statusCode).toBe(401);
    expect(refreshCookieOf(response)).toBeUndefined();
    expect((await post(t.app, '/auth/refresh', {}, { cookie: user.refreshToken })).statusCode).toBe(200);
  });
});

describe('the refresh cookie in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ env: productionEnv() });
  });
  afterAll(async () => {
    await prod.close();
  });

  it('is Secure when set and when cleared', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const registered = await post(prod.app, '/auth/register', registration(), { headers: https });
    expect(registered.statusCode).toBe(201);
    expect(refreshCookieOf(registered)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });

    const { accessToken, refreshToken } = registered.json();
    const refreshed = await post(prod.app, '/auth/refresh', {}, { cookie: refreshToken, headers: https });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshCookieOf(refreshed)!.secure).toBe(true);

    const loggedOut = await post(
      prod.app,
      '/auth/logout',
      {},
      { token: accessToken, cookie: refreshed.json().refreshToken, headers: https },
    );
    expect(loggedOut.statusCode).toBe(204);
    expect(refreshCookieOf(loggedOut)).toMatchObject({ secure: true, value: '' });
  });
});
