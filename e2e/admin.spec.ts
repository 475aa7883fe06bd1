import { expect, test } from '@playwright/test';
import { checkPage, openFromMenu } from './support/checks.js';
import { seedUser, signInAdmin, uniqueName } from './support/users.js';

test('an admin finds a professional awaiting verification, suspends and reactivates them with reasons, and reads it in the audit log', async ({ page, request }) => {
  const name = uniqueName('professional');
  const professional = await seedUser(request, 'professional', { name });
  const auth = { authorization: `Bearer ${professional.accessToken}` };
  const { user } = (await (await request.get('/api/v1/me', { headers: auth })).json()) as { user: { id: string } };

  await signInAdmin(page.request);
  await page.goto('/dashboard');
  await openFromMenu(page, 'Professionals');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Professionals');
  await expect(page.getByLabel('Show')).toHaveValue('false');
  const awaiting = page.getByRole('main').getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });
  // Oldest first: other tests' professionals may come before; page on until this one shows.
  while (!(await awaiting.isVisible()) && (await page.getByRole('button', { name: 'Show more' }).isVisible())) {
    await page.getByRole('button', { name: 'Show more' }).click();
  }
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
  await page.getByLabel('Target id').fill(user.id);
  await page.getByLabel('About').selectOption('user');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([/^user\.activate/, /^user\.suspend/]);
  await expect(page.getByRole('main').getByRole('listitem').first()).toContainText('The school withdrew the report');
  await expect(page.getByRole('main').getByRole('listitem').last()).toContainText('Certificate reported as forged by the school');
  await checkPage(page, 'admin-audit');

  await page.getByLabel('Action').fill('user.suspend');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText([/^user\.suspend/]);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
});

test('admin pages are closed to other accounts', async ({ page }) => {
  await seedUser(page.request, 'professional');
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Not available to your account');
  await checkPage(page, 'admin-refused');
});
