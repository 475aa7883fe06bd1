import { expect, test } from '@playwright/test';
import { checkPage, openFromMenu } from './support/checks.js';
import { browserAccessToken, seedUser } from './support/users.js';

test('a professional fills in their profile: roles, skills, rate, district, weekly hours and days off', async ({ page }) => {
  await seedUser(page.request, 'professional');
  await page.goto('/dashboard');
  await openFromMenu(page, 'Profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
  await expect(page.getByRole('link', { name: /upload your national ID/ })).toBeVisible();
  await checkPage(page, 'profile-professional-empty');

  // The API's own rules, shown beside the fields before anything is sent.
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert')).toBeFocused();
  await expect(page.getByRole('group', { name: 'Roles you can fill' })).toHaveAccessibleDescription(/Choose at least one role/);
  await checkPage(page, 'profile-professional-errors');

  await page.getByLabel('About you').fill('Secondary school mathematics teacher, ten years in Wakiso.');
  await page.getByRole('checkbox', { name: 'Teacher', exact: true }).check();
  await page.getByRole('checkbox', { name: 'Counsellor' }).check();
  const skills = page.getByLabel('Skills', { exact: true });
  await skills.fill('Mathematics, Physics,');
  await skills.fill('first aid');
  await skills.press('Enter');
  await expect(page.getByRole('list', { name: /^Skills \(/ }).getByRole('listitem')).toHaveText(['mathematics×', 'physics×', 'first aid×']);
  await page.getByRole('button', { name: 'Remove physics' }).click();
  await page.getByLabel('Years of experience').fill('10');
  await page.getByLabel('Your rate in Uganda shillings').fill('45000');
  await expect(page.getByLabel('Your rate in Uganda shillings')).toHaveAccessibleDescription(/^That is UGX 45,000\./);
  await page.getByRole('radio', { name: 'Per day' }).check();
  await page.getByLabel('District you work in').selectOption('Wakiso');

  await page.getByRole('button', { name: 'Add hours' }).click();
  await page.getByRole('button', { name: 'Add hours' }).click();
  await page.getByRole('button', { name: 'Add hours' }).click();
  const rows = page.getByRole('group', { name: 'Weekly availability' }).getByRole('listitem');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1).getByLabel('Day', { exact: true })).toHaveValue('2');
  await rows.nth(2).getByLabel('Day', { exact: true }).selectOption({ label: 'Tuesday' });
  await rows.nth(2).getByLabel('From', { exact: true }).fill('16:00');
  await rows.nth(2).getByLabel('To', { exact: true }).fill('18:00');
  // Overlapping hours on one day are refused by the shared schema, next to the row.
  await rows.nth(1).getByLabel('From', { exact: true }).fill('15:00');
  await rows.nth(1).getByLabel('To', { exact: true }).fill('17:00');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('alert')).toContainText('These hours overlap row 2');
  await checkPage(page, 'profile-professional-overlap');
  await page.getByRole('button', { name: /Remove Row 2: Tuesday/ }).click();
  await expect(rows).toHaveCount(2);
  // A night nurse's hours cross midnight: an end before the start is the next morning.
  await page.getByRole('button', { name: 'Add hours' }).click();
  await rows.nth(2).getByLabel('Day', { exact: true }).selectOption({ label: 'Friday' });
  await rows.nth(2).getByLabel('From', { exact: true }).fill('22:00');
  await rows.nth(2).getByLabel('To', { exact: true }).fill('06:00');
  await expect(rows.nth(2).getByLabel('To', { exact: true })).toHaveAccessibleDescription(/Until 06:00 on Saturday$/);

  await page.getByLabel('Dates you cannot work', { exact: true }).fill('2026-12-25');
  await page.getByRole('button', { name: 'Add date' }).click();
  await expect(page.getByRole('list', { name: 'Dates you cannot work (1)' })).toContainText('Fri, 25 Dec 2026');

  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved' })).toBeVisible();
  await checkPage(page, 'profile-professional-saved');

  const me = await (
    await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${await browserAccessToken(page.request)}` } })
  ).json();
  expect(me.professional).toMatchObject({
    roles: ['teacher', 'counsellor'],
    skills: ['mathematics', 'first aid'],
    experienceYears: 10,
    rateAmount: 45000,
    rateUnit: 'day',
    district: 'Wakiso',
    availability: [
      { weekday: 1, start: '08:00', end: '17:00' },
      { weekday: 2, start: '16:00', end: '18:00' },
      { weekday: 5, start: '22:00', end: '06:00' },
    ],
    blackoutDates: ['2026-12-25'],
  });

  // A reload shows what was saved.
  await page.reload();
  await expect(page.getByRole('checkbox', { name: 'Counsellor' })).toBeChecked();
  await expect(page.getByLabel('District you work in')).toHaveValue('Wakiso');
  await expect(page.getByRole('group', { name: 'Weekly availability' }).getByRole('listitem')).toHaveCount(3);
});

test('an institution fills in its profile', async ({ page }) => {
  await seedUser(page.request, 'institution');
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your profile');
  await checkPage(page, 'profile-institution-empty');

  await page.getByLabel('Institution name').fill('St. Kizito Primary School');
  await page.getByLabel('Kind of institution').selectOption('school');
  await page.getByLabel('Address').fill('Plot 12, Entebbe Road, Kajjansi');
  await page.getByLabel('District').selectOption('Wakiso');
  await page.getByLabel('Contact person').fill('Nakato Sarah');
  await page.getByLabel('Contact phone number').fill('not a phone');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByLabel('Contact phone number')).toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, 'profile-institution-error');

  await page.getByLabel('Contact phone number').fill('0772 123 456');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your profile is saved' })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Institution name')).toHaveValue('St. Kizito Primary School');
  await expect(page.getByLabel('Contact phone number')).toHaveValue('+256772123456');
});
