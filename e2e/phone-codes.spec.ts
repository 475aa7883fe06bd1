import { expect, test, type APIRequestContext } from '@playwright/test';
import { checkPage } from './support/checks.js';
import { uniquePhone } from '../test/support/unique.js';
import { seedUser } from './support/users.js';

const NEW_PASSWORD = 'Lake-Bunyonyi-Dawn-42';

/** The code in the newest SMS of `kind` to the phone, read from the development outbox once the app has recorded it. */
async function smsCode(request: APIRequestContext, phone: string, kind: string): Promise<string> {
  const to = `+256${phone.slice(1)}`;
  let code: string | undefined;
  await expect
    .poll(async () => {
      const response = await request.get('/api/v1/dev/outbox');
      const { items } = (await response.json()) as { items: { phone: string; kind: string; text: string }[] };
      code = /\b\d{6}\b/.exec(items.find((sms) => sms.phone === to && sms.kind === kind)?.text ?? '')?.[0];
      return code;
    })
    .toBeDefined();
  return code!;
}

test('signs in with a code sent by SMS to the phone of the account', async ({ page, request }) => {
  const user = await seedUser(request, 'professional');
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with a code by SMS' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in with a code by SMS');
  await page.getByLabel('Phone number').fill(user.phone);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('status')).toContainText(`If a Qgig account uses ${user.phone}, we have sent it a code by SMS`);
  await checkPage(page, 'sign-in-code-sent');

  const code = await smsCode(request, user.phone, 'auth.otp');
  await page.getByLabel('Code from the SMS').fill(code === '111111' ? '222222' : '111111');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The code is wrong or has expired');
  await checkPage(page, 'sign-in-code-wrong');

  await page.getByLabel('Code from the SMS').fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('resets a forgotten password with a code sent by SMS', async ({ page, request }) => {
  const user = await seedUser(request, 'professional');
  await page.goto('/forgot-password');
  await page.getByLabel('By SMS').check();
  await page.getByLabel('Phone number').fill(user.phone);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('status')).toContainText(`If a Qgig account uses ${user.phone}, we have sent it a code by SMS`);

  await page.getByLabel('Code from the SMS').fill(await smsCode(request, user.phone, 'auth.password-reset'));
  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed');
  await checkPage(page, 'reset-by-code-done');
  expect((await request.post('/api/v1/auth/login', { data: { email: user.email, password: NEW_PASSWORD } })).status()).toBe(200);
});

test('changes the phone number on the account page with a code sent to the new number', async ({ page }) => {
  const user = await seedUser(page.request, 'professional');
  const newPhone = uniquePhone();
  await page.goto('/account');
  const card = page.getByRole('region', { name: 'Change your phone number' });
  await card.getByLabel('New phone number').fill(newPhone);
  await card.getByLabel('Your password').fill(user.password);
  await card.getByRole('button', { name: 'Send a code' }).click();
  await expect(card.getByRole('status')).toContainText(`We sent a code by SMS to ${newPhone}`);

  await card.getByLabel('Code from the SMS').fill(await smsCode(page.request, newPhone, 'auth.phone-change'));
  await card.getByRole('button', { name: 'Use the new number' }).click();
  await expect(card.getByRole('status')).toContainText(`Your phone number is now +256${newPhone.slice(1)}`);
  await expect(page.getByRole('region', { name: 'Your details' }).getByText(`+256${newPhone.slice(1)}`)).toBeVisible();
  await checkPage(page, 'phone-changed');
});
