import { expect, test } from '@playwright/test';
import { checkPage } from './support/checks.js';
import { seedUser } from './support/users.js';

test('a PIN set on the account page; the dev outbox phone: dial the USSD menu, answer screen by screen (PIN, menu, back), and send an SMS to the shortcode', async ({
  page,
  request,
}) => {
  // Signed in in the browser (page.request shares its cookie): the PIN is set on the account page.
  const professional = await seedUser(page.request, 'professional');
  await page.goto('/account');
  const pinCard = page.getByRole('region', { name: 'USSD PIN' });
  await expect(pinCard).toContainText(`Dial *284*77# from the phone +256${professional.phone.slice(1)} to find and accept shifts`);
  await pinCard.getByLabel('New 4-digit PIN').fill('25');
  await pinCard.getByRole('button', { name: 'Set the PIN' }).click();
  await expect(pinCard.getByRole('alert')).toContainText('4 digits');
  await pinCard.getByLabel('New 4-digit PIN').fill('2580');
  await pinCard.getByRole('button', { name: 'Set the PIN' }).click();
  await expect(pinCard.getByText('Your USSD PIN is set.')).toBeVisible();

  await page.goto('/dev/outbox');
  const phone = page.getByRole('region', { name: 'Phone' });
  await phone.getByLabel('Phone number').fill(professional.phone);
  await phone.getByRole('button', { name: 'Dial *284*77#' }).click();
  const screen = phone.getByLabel('USSD screen', { exact: true });
  await expect(screen).toHaveText('Welcome to Qgig.\nEnter your 4-digit PIN:');

  const answer = async (text: string) => {
    await phone.getByLabel('Answer', { exact: true }).fill(text);
    await phone.getByRole('button', { name: 'Send', exact: true }).click();
  };
  await answer('2580');
  await expect(screen).toHaveText('Qgig\n1. Shifts for you\n2. My next shift\n3. My payouts');
  await answer('2');
  await expect(screen).toHaveText('You have no shift booked.\n0. Back');
  await answer('7');
  await expect(screen).toHaveText('Invalid choice.\nYou have no shift booked.\n0. Back');
  await answer('0');
  await expect(screen).toHaveText('Qgig\n1. Shifts for you\n2. My next shift\n3. My payouts');
  await checkPage(page, 'dev-outbox-phone');

  await phone.getByLabel(/^SMS from .* to the shortcode$/).fill('STOP');
  await phone.getByRole('button', { name: 'Send SMS' }).click();
  await expect(phone.getByRole('status')).toHaveText(`Sent “STOP” from ${professional.phone}.`);
  await expect
    .poll(async () => {
      const me = await request.get('/api/v1/me', { headers: { authorization: `Bearer ${professional.accessToken}` } });
      return ((await me.json()) as { notificationSettings: { sms: boolean } }).notificationSettings.sms;
    })
    .toBe(false);

  // A wrong PIN ends the session.
  await phone.getByRole('button', { name: 'Dial *284*77#' }).click();
  await expect(screen).toHaveText('Welcome to Qgig.\nEnter your 4-digit PIN:');
  await answer('0000');
  await expect(screen).toHaveText('Wrong PIN. 2 tries left.');
  await expect(phone.getByText('Session ended.')).toBeVisible();
});
