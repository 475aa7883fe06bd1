import { expect, test } from '@playwright/test';
import { checkPage } from './support/checks.js';

test('the landing page says what Qgig does for institutions and for professionals', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Qgig');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Substitute staff');
  await expect(page.getByRole('heading', { name: /schools, clinics, hospitals and households/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /teachers, nurses and caregivers/ })).toBeVisible();
  await checkPage(page, 'landing');
  // Only what exists: no distance in the ranking (nothing knows where anyone is yet).
  await expect(page.getByRole('main')).not.toContainText(/distance|near you|nearby|pays them/i);
  await expect(page.getByRole('main')).toContainText('ranked by skills, experience and ratings');

  await page.getByRole('link', { name: 'Register an institution' }).click();
  await expect(page).toHaveURL(/\/register\?role=institution$/);
  await expect(page.getByRole('radio', { name: 'An institution' })).toBeChecked();
});

test('the forgotten-password page says what to do', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgotten your password?');
  await expect(page.getByRole('link', { name: 'support@qgig.ug' })).toHaveAttribute('href', /^mailto:support@qgig\.ug/);
  await checkPage(page, 'forgot-password');
});

test('an unknown address shows a page that says so, and the API keeps its 404', async ({ page, request }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await checkPage(page, 'not-found');

  const api = await request.get('/api/v1/no-such-thing', { headers: { accept: 'text/html' } });
  expect(api.status()).toBe(404);
  expect(api.headers()['content-type']).toMatch(/^application\/problem\+json/);
});
