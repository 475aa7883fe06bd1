import { expect, test, type Page } from '@playwright/test';
import { TestPushService } from '../test/support/push-service.js';
import { kampalaDateIn, verifyProfessional } from './support/jobs.js';
import { seedUser, uniqueName } from './support/users.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Until the service worker controls the page, its requests do not pass through the worker. */
async function controlledByServiceWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

async function postJob(page: Page, accessToken: string, role: string): Promise<string> {
  const response = await page.request.post('/api/v1/jobs', {
    headers: bearer(accessToken),
    data: { role, date: kampalaDateIn(30), startTime: '08:00', endTime: '16:00', rateAmount: 45000, rateUnit: 'day', district: 'Mbale' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test('Chromium accepts the manifest and the service worker: the app is installable', async ({ page }) => {
  await page.goto('/');
  await controlledByServiceWorker(page);
  const cdp = await page.context().newCDPSession(page);
  const { errors } = await cdp.send('Page.getAppManifest');
  expect(errors).toEqual([]);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are incognito, where Chromium installs nothing; every other check passed.
  expect(installabilityErrors.map((error) => error.errorId)).toEqual(['in-incognito']);

  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');
  const manifest = await page.request.get(href!);
  expect(manifest.headers()['content-type']).toContain('application/manifest+json');
  const parsed = (await manifest.json()) as Record<string, unknown> & { icons: { src: string; sizes: string; purpose: string }[] };
  expect(parsed).toMatchObject({
    name: expect.stringContaining('Qgig'),
    short_name: 'Qgig',
    display: 'standalone',
    theme_color: '#0a5c36',
  });
  expect(parsed.start_url).toMatch(/^\//);
  expect(parsed.icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
    '192x192 any',
    '192x192 maskable',
    '512x512 any',
    '512x512 maskable',
  ]);
  for (const icon of parsed.icons) {
    const image = await page.request.get(icon.src);
    expect(image.headers()['content-type']).toBe('image/png');
    const size = Number(icon.sizes.split('x')[0]);
    // The PNG header's width and height.
    const body = await image.body();
    expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([size, size]);
  }
  // The worker is fetched on its own, never part of the page's scripts.
  const scripts = await page.locator('script[src]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('src')));
  expect(scripts.some((src) => src?.includes('sw'))).toBe(false);
});

test('offline, the shell loads and the caller’s upcoming shifts show with when they were last updated', async ({ page, context }) => {
  const institution = await seedUser(page.request, 'institution', { name: uniqueName('institution') });
  await postJob(page, institution.accessToken, 'pharmacist');
  await page.goto('/jobs/mine');
  await controlledByServiceWorker(page);
  // Now through the worker, which keeps a copy of the shifts.
  const copied = page.waitForResponse((response) => response.url().includes('/api/v1/me/jobs') && response.ok());
  await page.reload();
  await copied;
  await expect(page.getByRole('link', { name: `Pharmacist at ${institution.name}` })).toBeVisible();

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole('link', { name: 'Qgig', exact: true })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Your upcoming shifts' })).toBeVisible();
    await expect(page.getByText(/^Last updated .+, Kampala time\./)).toBeVisible();
    await expect(page.getByRole('link', { name: `Pharmacist at ${institution.name}` })).toBeVisible();
  } finally {
    await context.setOffline(false);
  }

  // Signing out forgets the copy: the next person on this browser sees nothing of it.
  await page.goto('/account');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).includes('qgig-offline'))).toBe(false);
});

test('a new version of the app is picked up: the new worker takes over, the page offers a reload, and the reload is the new page', async ({
  page,
  context,
}) => {
  await page.goto('/');
  await controlledByServiceWorker(page);
  await page.reload();
  await controlledByServiceWorker(page);

  // A new build: another index.html, and a new worker, which the browser installs when the script's
  // address changes as it does when its bytes change (Playwright cannot route the worker's update check).
  const index = await (await page.request.get('/index.html')).text();
  await context.route(
    (url) => url.pathname === '/',
    (route) =>
      route.fulfill({ contentType: 'text/html', body: index.replace('<head>', '<head><meta name="qgig-build" content="next" />') }),
  );
  const before = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
  await page.evaluate(() => navigator.serviceWorker.register('/sw.js?build=next'));

  await expect(page.getByText('A new version of Qgig is ready.')).toBeVisible();
  await page.getByRole('button', { name: 'Reload' }).click();
  // Network-first: online, the reload is the new index.html, never the shell the old worker cached.
  await expect(page.locator('meta[name="qgig-build"]')).toHaveAttribute('content', 'next');
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).not.toBe(before);
});

test('the subscribe flow registers the browser with the server only when asked, and a push then arrives', async ({ page, request }) => {
  const pushService = TestPushService.connect(process.env.QGIG_E2E_PUSH_URL!, process.env.QGIG_E2E_PUSH_CA!);
  const key = ((await (await request.get('/api/v1/push/vapid-public-key')).json()) as { key: string }).key;
  const subscription = await pushService.subscribe(key);
  // Chromium here has no Google push service: the page's PushManager hands out the test service's subscription.
  await page.addInitScript((made) => {
    let subscribed = false;
    const fake = { endpoint: made.endpoint, toJSON: () => ({ endpoint: made.endpoint, keys: made.keys }), unsubscribe: async () => true };
    PushManager.prototype.subscribe = async function () {
      subscribed = true;
      return fake as unknown as PushSubscription;
    };
    PushManager.prototype.getSubscription = async function () {
      return (subscribed ? fake : null) as unknown as PushSubscription;
    };
  }, subscription);

  const institution = await seedUser(page.request, 'institution', { name: uniqueName('institution') });
  const jobId = await postJob(page, institution.accessToken, 'radiographer');
  const registered = page.waitForRequest((sent) => sent.url().endsWith('/api/v1/me/push-subscriptions') && sent.method() === 'POST');
  let asked = false;
  page.on('request', (sent) => {
    if (sent.url().endsWith('/api/v1/me/push-subscriptions')) asked = true;
  });
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Phone notifications' })).toBeVisible();
  expect(asked).toBe(false);
  await page.getByRole('button', { name: 'Turn on notifications' }).click();
  expect((await registered).postDataJSON()).toEqual({ endpoint: subscription.endpoint, keys: subscription.keys });
  await expect(page.getByText('This browser shows Qgig notifications when Qgig is closed.')).toBeVisible();

  // The institution closes the app (no live stream left), then a professional takes its shift.
  await page.close();
  const professional = await seedUser(request, 'professional', { name: uniqueName('professional') });
  await verifyProfessional(request, professional.accessToken, { roles: ['radiographer'], skills: [], experienceYears: 4 });
  await expect
    .poll(async () => {
      const accepted = await request.post(`/api/v1/jobs/${jobId}/accept`, { headers: bearer(professional.accessToken), data: {} });
      return accepted.status();
    })
    .toBe(200);

  const pushed = await expect
    .poll(async () => (await pushService.messages(subscription.clientHash)).length, { timeout: 30_000 })
    .toBe(1)
    .then(() => pushService.messages(subscription.clientHash));
  const message = JSON.parse(pushed[0]!) as { title: string; body: string; path: string };
  expect(message.title).toMatch(/accepted/i);
  expect(message.body).toContain(professional.name);
  expect(message.path).toBe(`/jobs/${jobId}`);
});
