import { expect, test } from '@playwright/test';
import { randomInt } from 'node:crypto';
import { checkPage, openFromMenu, showMoreUntilVisible } from './support/checks.js';
import { samplePng } from './support/files.js';
import { ADMIN, seedUser, signInAdmin, uniqueName } from './support/users.js';

test('an admin finds a professional awaiting verification, suspends and reactivates them with reasons, and reads it in the audit log', async ({
  page,
  request,
}) => {
  const name = uniqueName('professional');
  const professional = await seedUser(request, 'professional', { name });
  const auth = { authorization: `Bearer ${professional.accessToken}` };

  await signInAdmin(page.request);
  await page.goto('/dashboard');
  await openFromMenu(page, 'Professionals');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Professionals');
  await expect(page.getByLabel('Show')).toHaveValue('false');
  const awaiting = page
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name }) });
  await showMoreUntilVisible(page, awaiting);
  await expect(awaiting).toContainText('Not filled in yet');
  await expect(awaiting).toContainText('0 waiting, 0 approved, 0 rejected');
  await checkPage(page, 'admin-professionals');

  await openFromMenu(page, 'Users');
  await page.getByRole('searchbox', { name: 'Name, email or phone' }).fill(name);
  await page.getByLabel('Account type').selectOption('professional');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/\/admin\/users\?search=.+&role=professional$/);
  const card = page.getByRole('listitem', { name: new RegExp(name) });
  await expect(page.getByRole('main').getByRole('listitem')).toHaveCount(1);
  await expect(card).toContainText(professional.email);
  await expect(card).toContainText('Active');
  await checkPage(page, 'admin-users');

  await card.getByRole('button', { name: 'Suspend…' }).click();
  await card.getByRole('button', { name: 'Suspend account' }).click();
  await expect(card.getByLabel('Reason for suspending')).toHaveAccessibleDescription(/Give a reason of at least 3 characters/);
  await checkPage(page, 'admin-users-suspend-without-reason');
  await card.getByLabel('Reason for suspending').fill('Certificate reported as forged by the school');
  await card.getByRole('button', { name: 'Suspend account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is now' })).toHaveText(`${name} is now suspended.`);
  await expect(card).toContainText('Certificate reported as forged by the school');
  // Suspension takes effect at once.
  expect((await request.get('/api/v1/me', { headers: auth })).status()).toBeGreaterThanOrEqual(401);

  await page.getByLabel('Status').selectOption('suspended');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Activate…' }).click();
  await card.getByLabel('Reason for activating').fill('The school withdrew the report');
  await card.getByRole('button', { name: 'Activate account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'is now' })).toHaveText(`${name} is now active.`);

  await openFromMenu(page, 'Audit log');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  await page.getByRole('searchbox', { name: 'About (name or email)' }).fill(name);
  await page.getByLabel('Kind of record').selectOption('user');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([/^user\.activate/, /^user\.suspend/]);
  const entries = page.getByRole('main').getByRole('listitem');
  await expect(entries.first()).toContainText('The school withdrew the report');
  await expect(entries.last()).toContainText('Certificate reported as forged by the school');
  // People by name, not by id, each a link to their account.
  await expect(entries.getByRole('link', { name })).toHaveCount(2);
  await expect(entries.first()).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  await checkPage(page, 'admin-audit');

  await page.getByLabel('Action').fill('user.suspend');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([/^user\.suspend/]);
  await entries.getByRole('link', { name }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users\\?search=${encodeURIComponent(professional.email)}$`));
  await expect(page.getByRole('listitem', { name: new RegExp(name) })).toContainText(professional.email);

  await page.goto('/admin/audit');
  await page.getByRole('searchbox', { name: 'Done by (name or email)' }).fill(ADMIN.email);
  await page.getByLabel('Action').fill('user.activate');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(entries.filter({ hasText: 'The school withdrew the report' }).getByRole('link', { name })).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
});

test('the reviewer sees the same file uploaded by two accounts flagged on both documents', async ({ page, request }) => {
  // A file no other test uploads: a picture of its own size.
  const file = { name: 'diploma.png', mimeType: 'image/png', buffer: samplePng(41 + randomInt(400), 31 + randomInt(400)) };
  const [first, second] = [uniqueName('professional'), uniqueName('professional')];
  for (const name of [first, second]) {
    const professional = await seedUser(request, 'professional', { name });
    const uploaded = await request.post('/api/v1/me/documents', {
      headers: { authorization: `Bearer ${professional.accessToken}` },
      multipart: { docType: 'certificate', file },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
  }

  await signInAdmin(page.request);
  await page.goto('/dashboard');
  await openFromMenu(page, 'Verification');
  const cardOf = (name: string) => page.getByRole('listitem', { name: `${name}: Certificate` });
  await showMoreUntilVisible(page, cardOf(second));
  for (const [name, other] of [
    [first, second],
    [second, first],
  ] as const) {
    await expect(cardOf(name)).toContainText('The same file was uploaded by another account');
    await expect(cardOf(name).getByRole('link', { name: other })).toBeVisible();
  }
  await cardOf(first).scrollIntoViewIfNeeded();
  await checkPage(page, 'verification-duplicate-file');

  await cardOf(first).getByRole('link', { name: second }).click();
  await expect(page).toHaveURL(/\/admin\/users\?search=/);
  await expect(page.getByRole('listitem', { name: new RegExp(second) })).toBeVisible();
});

test('admin pages are closed to other accounts', async ({ page }) => {
  await seedUser(page.request, 'professional');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not available to your account');
  await checkPage(page, 'admin-refused');
});
