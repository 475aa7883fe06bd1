import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { checkPage } from './support/checks.js';
import { seedUser } from './support/users.js';

test('a user downloads everything Qgig holds about them as a JSON file', async ({ page }) => {
  const user = await seedUser(page.request, 'professional');
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your data' })).toBeVisible();
  await checkPage(page, 'account-privacy');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download your data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^qgig-export-\d{4}-\d{2}-\d{2}\.json$/);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(data).toMatchObject({ format: 'qgig-export/1', account: { user: { email: user.email, role: 'professional' } } });
});

test('a user deletes their account only after confirming, and cannot sign in again', async ({ page, request }) => {
  const user = await seedUser(page.request, 'institution');
  await page.goto('/account');
  await page.getByRole('button', { name: 'Delete my account…' }).click();
  await page.getByRole('button', { name: 'Delete my account permanently' }).click();
  const confirm = page.getByRole('checkbox', { name: /I understand that my account and my data will be deleted/ });
  await expect(confirm).toHaveAccessibleDescription(/Tick the box to confirm/);
  await checkPage(page, 'account-delete-confirm');
  expect((await request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } })).status()).toBe(200);

  await confirm.check();
  await page.getByRole('button', { name: 'Delete my account permanently' }).click();
  await expect(page).toHaveURL(/\/goodbye$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account is deleted');
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await checkPage(page, 'account-deleted');
  expect((await request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } })).status()).toBe(401);
});

test('when the privacy notice changed since a user accepted it, the app asks again', async ({ page }) => {
  const user = await seedUser(page.request, 'professional');
  // What a new notice version does to everyone who accepted the old one.
  const client = new pg.Client({ connectionString: process.env.QGIG_E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE consents SET version = '2025-01-01' WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [user.email]);
  } finally {
    await client.end();
  }

  await page.goto('/dashboard');
  const prompt = page.getByRole('region', { name: 'Our privacy notice has changed' });
  await expect(prompt).toContainText('You accepted version 2025-01-01');
  await expect(prompt).toContainText('Uganda Data Protection and Privacy Act, 2019');
  await checkPage(page, 'dashboard-reconsent');
  await prompt.getByRole('button', { name: 'I accept the privacy notice' }).click();
  await expect(prompt).toHaveCount(0);

  await page.goto('/account');
  await expect(page.getByText(/You accepted the privacy notice \(version 20\d\d-\d\d-\d\d\)/)).toBeVisible();
  await expect(page.getByRole('region', { name: 'Our privacy notice has changed' })).toHaveCount(0);
});
