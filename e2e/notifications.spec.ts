import { expect, test } from '@playwright/test';
import { verifyProfessional } from './support/jobs.js';
import { seedUser, uniqueName } from './support/users.js';

const isStream = (url: string) => url.includes('/api/v1/notifications/stream');

test('the bell follows notices again after the server ends its live stream', async ({ page, request, baseURL }) => {
  const professional = await seedUser(page.request, 'professional', { name: uniqueName('professional') });
  const firstStream = page.waitForResponse((response) => isStream(response.url()) && response.status() === 200);
  await page.goto('/dashboard');
  await firstStream;

  // Five more streams of the same user on the same server: the sixth ends the oldest, the browser's.
  const reopened = page.waitForResponse((response) => isStream(response.url()) && response.status() === 200);
  const others = Array.from({ length: 5 }, () => new AbortController());
  try {
    for (const other of others) {
      const response = await fetch(`${baseURL}/api/v1/notifications/stream?access_token=${professional.accessToken}`, {
        signal: other.signal,
      });
      expect(response.status).toBe(200);
    }
    await reopened;

    await verifyProfessional(request, professional.accessToken, { roles: ['teacher'], skills: ['mathematics'], experienceYears: 3 });
    await expect(page.getByRole('link', { name: 'Notifications, 2 unread' })).toBeVisible();
  } finally {
    for (const other of others) other.abort();
  }
});
