import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';

const INDEX = '<!doctype html><title>Qgig</title><script type="module" src="/assets/app-1a2b3c.js"></script>';
const SCRIPT = 'console.log("the app");'.repeat(50);
const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

let webRoot: string;
let t: TestApp;

beforeAll(async () => {
  webRoot = mkdtempSync(path.join(tmpdir(), 'qgig-web-'));
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(path.join(webRoot, 'index.html'), INDEX);
  writeFileSync(path.join(webRoot, 'assets/app-1a2b3c.js'), SCRIPT);
  writeFileSync(path.join(webRoot, 'assets/app-1a2b3c.js.gz'), gzipSync(SCRIPT));
  mkdirSync(path.join(webRoot, '.vite'));
  writeFileSync(path.join(webRoot, '.vite/manifest.json'), '{}');
  t = await startTestApp({ webRoot });
});
afterAll(async () => {
  await t.close();
  rmSync(webRoot, { recursive: true, force: true });
});

describe('the web app', () => {
  it('answers every page address a browser opens with index.html, revalidated on each visit', async () => {
    for (const url of ['/', '/login', '/jobs/6b1f2c4e-8a8e-4c47-9f0e-0d1b7c2e9a11?tab=matches', '/account/']) {
      const response = await t.app.inject({ url, headers: html });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('lets the page run its own scripts and nothing inline', async () => {
    const csp = String((await t.app.inject({ url: '/register', headers: html })).headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("default-src 'self'");
  });

  it('caches hashed assets for a year and sends the precompressed copy to browsers that accept it', async () => {
    const plain = await t.app.inject({ url: '/assets/app-1a2b3c.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(SCRIPT);

    const compressed = await t.app.inject({ url: '/assets/app-1a2b3c.js', headers: { 'accept-encoding': 'gzip' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(compressed.rawPayload.length).toBeLessThan(SCRIPT.length);
  });

  it('keeps 404 problem+json for unknown API, docs and asset addresses, and for non-page requests', async () => {
    const cases = [
      { url: '/api/v1/no-such-thing', headers: html },
      { url: '/api', headers: html },
      { url: '/docs/no-such-thing', headers: html },
      { url: '/assets/app-000000.js', headers: { accept: '*/*' } },
      { url: '/somewhere', headers: { accept: 'application/json' } },
      { url: '/.vite/manifest.json', headers: { accept: '*/*' } },
    ];
    for (const request of cases) {
      const response = await t.app.inject(request);
      expect(response.statusCode, request.url).toBe(404);
      expect(response.headers['content-type'], request.url).toMatch(/^application\/problem\+json/);
    }
    const posted = await t.app.inject({
      method: 'POST',
      url: '/account',
      headers: { ...html, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(posted.statusCode).toBe(404);
  });

  it('leaves the API and operations endpoints as they were', async () => {
    expect((await t.app.inject({ url: '/healthz', headers: html })).json()).toEqual({ status: 'ok' });
    const me = await t.app.inject({ url: '/api/v1/me', headers: html });
    expect(me.statusCode).toBe(401);
    expect(me.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('without a built web app', () => {
  it('serves the API alone', async () => {
    const apiOnly = await startTestApp({ webRoot: path.join(tmpdir(), 'qgig-no-such-web-root') });
    try {
      expect((await apiOnly.app.inject({ url: '/', headers: html })).statusCode).toBe(404);
      expect((await apiOnly.app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await apiOnly.close();
    }
  });
});
