import { expect, test } from '@playwright/test';
import { checkPage } from './support/checks.js';
import { verifyProfessional } from './support/jobs.js';
import { seedUser } from './support/users.js';

test('the dev outbox shows the SMS a professional was sent, and a reply of STOP from that phone turns their SMS off', async ({
  page,
  request,
}) => {
  const professional = await seedUser(request, 'professional');
  // Approving their documents sends "Document approved" notices, by SMS too.
  await verifyProfessional(request, professional.accessToken, { roles: ['teacher'], skills: ['mathematics'], experienceYears: 3 });
  const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${professional.accessToken}` } });
  const phone = ((await me.json()) as { user: { phone: string } }).user.phone;

  await page.goto('/dev/outbox');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Development SMS outbox');
  await page.getByLabel('Phone contains').fill(phone);
  const messages = page.getByRole('listitem');
  // The notices go out from the queue: refresh until they are there.
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(messages.filter({ hasText: 'was approved' }).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await checkPage(page, 'dev-outbox');

  const first = messages.first();
  await first.getByLabel('Reply text').fill('stop');
  await first.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Replied “stop” as ${phone}.` })).toBeVisible();
  await expect
    .poll(async () => {
      const settings = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${professional.accessToken}` } });
      return ((await settings.json()) as { notificationSettings: { sms: boolean } }).notificationSettings.sms;
    })
    .toBe(false);
});
