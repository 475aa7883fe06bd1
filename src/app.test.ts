import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/support/app.js';
import { productionEnv } from '../test/support/env.js';
import { registerUser, STRONG_PASSWORD } from '../test/support/factories.js';
import { call } from '../test/support/http.js';
import { SIMULATOR_PREFIX } from './modules/payments/pesapal/settings.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ captureLogs: true });
});
afterAll(async () => {
  await t.close();
});

describe('operations endpoints', () => {
  it('reports live and ready on PostgreSQL', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready' });
  });

  it('serves an OpenAPI document generated from the route schemas, and the docs page', async () => {
    const spec = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/me']));
    const register = spec.paths['/api/v1/auth/register'].post;
    expect(register.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['name', 'email', 'phone', 'password', 'role', 'consent']),
    );
    const docs = await t.app.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });
});

describe('errors', () => {
  it('answers unknown routes with 404 problem+json', async () => {
    const response = await t.app.inject({ url: '/api/v1/no-such-thing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toEqual({
      type: 'https://qgig.ug/problems/not-found',
      title: 'Not found',
      status: 404,
      detail: 'No route for GET /api/v1/no-such-thing',
    });
  });

  it('answers 415 problem+json for a body that is not JSON', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('carries a request id on every answer, keeping a sane one the client sent', async () => {
    const mine = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'phone-42.abc' } });
    expect(mine.headers['x-request-id']).toBe('phone-42.abc');
    const hostile = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': '<script>' } });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('security basics', () => {
  it('sends security headers, no HSTS outside production, and no CORS by default', async () => {
    const response = await t.app.inject({ url: '/healthz', headers: { origin: 'https://evil.example' } });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('never writes passwords or tokens to the log', async () => {
    const user = await registerUser(t.app);
    await call(t.app, 'POST', '/auth/login', { body: { email: user.email, password: STRONG_PASSWORD } });
    await call(t.app, 'GET', '/me', { token: user.accessToken });
    await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    const log = t.logs.join('\n');
    expect(log).toContain('request completed');
    for (const secret of [STRONG_PASSWORD, user.accessToken, user.refreshToken]) expect(log).not.toContain(secret);
  });
});

describe('in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ env: productionEnv({ CORS_ORIGINS: 'https://app.qgig.example.ug' }) });
  });
  afterAll(async () => {
    await prod.close();
  });

  it('redirects plain HTTP to HTTPS and sends HSTS over HTTPS', async () => {
    const plain = await prod.app.inject({ url: '/api/v1/me?x=1', headers: { 'x-forwarded-proto': 'http' } });
    expect(plain.statusCode).toBe(301);
    expect(plain.headers.location).toBe('https://qgig.example.ug/api/v1/me?x=1');
    const secure = await prod.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.statusCode).toBe(200);
    expect(secure.headers['strict-transport-security']).toContain('max-age=31536000');
  });

  it('serves no PesaPal simulator: payments go to the PesaPal the configuration names', async () => {
    const tokenRequest = {
      method: 'POST' as const,
      url: `${SIMULATOR_PREFIX}/pesapalv3/api/Auth/RequestToken`,
      payload: {},
      headers: { 'x-forwarded-proto': 'https' },
    };
    // The development app (no PesaPal configured) mounts it there.
    expect((await t.app.inject(tokenRequest)).statusCode).not.toBe(404);
    expect((await prod.app.inject(tokenRequest)).statusCode).toBe(404);
  });

  it('allows only the configured CORS origins', async () => {
    const allowed = await prod.app.inject({
      url: '/healthz',
      headers: { origin: 'https://app.qgig.example.ug', 'x-forwarded-proto': 'https' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.qgig.example.ug');
    const other = await prod.app.inject({ url: '/healthz', headers: { origin: 'https://evil.example', 'x-forwarded-proto': 'https' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
