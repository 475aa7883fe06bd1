import { expect, test, type Page } from '@playwright/test';
import { checkPage, openFromMenu } from './support/checks.js';
import { mailedLink } from './support/mailbox.js';
import { newUser, seedUser, signInAdmin, type SeededUser } from './support/users.js';

async function fillRegistration(page: Page, user: SeededUser) {
  await page.getByRole('radio', { name: user.role === 'institution' ? 'An institution' : 'A professional' }).check();
  await page.getByLabel('Your full name').fill(user.name);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Phone number').fill(user.phone);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
}

async function signIn(page: Page, user: Pick<SeededUser, 'email' | 'password'>) {
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

for (const role of ['institution', 'professional'] as const) {
  test(`registers ${role === 'institution' ? 'an institution' : 'a professional'} through the form, only with consent`, async ({
    page,
    request,
  }) => {
    const user = newUser(role);
    await page.goto('/register');
    await expect(page.getByText(/Uganda Data Protection and Privacy Act, 2019/)).toBeVisible();
    await checkPage(page, `register-${role}`);
    await fillRegistration(page, user);

    await page.getByRole('button', { name: 'Create account' }).click();
    const consent = page.getByRole('checkbox', { name: 'I have read the privacy notice and I accept it' });
    await expect(consent).toHaveAttribute('aria-invalid', 'true');
    await expect(consent).toHaveAccessibleDescription(/You must accept the privacy notice to register/);
    await expect(page.getByRole('alert')).toBeFocused();
    await expect(page).toHaveURL(/\/register$/);
    await checkPage(page, `register-${role}-without-consent`);
    // Nothing was created: the details do not sign in.
    expect((await request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } })).status()).toBe(401);

    await consent.check();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);
    await expect(page.getByText(role === 'institution' ? 'Institution' : 'Professional', { exact: true })).toBeVisible();
    await checkPage(page, `dashboard-${role}`);
  });
}

test('shows every problem beside its field, before and after asking the server', async ({ page, request }) => {
  const taken = await seedUser(request, 'professional');
  await page.goto('/register');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('group', { name: 'Who is registering?' })).toHaveAccessibleDescription(/./);
  await expect(page.getByLabel('Your full name')).toHaveAccessibleDescription(/Enter a name of at least 2 characters/);
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await fillRegistration(page, newUser('professional', { email: taken.email.toUpperCase() }));
  await page.getByRole('checkbox', { name: /I have read the privacy notice/ }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('alert')).toContainText('An account with this email already exists');
  await expect(page.getByLabel('Email address')).toHaveAccessibleDescription(/This email is already registered/);
  await expect(page.getByLabel('Your full name')).not.toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, 'register-email-taken');

  // The summary's link takes the keyboard to the field.
  await page.getByRole('alert').getByRole('link', { name: 'This email is already registered' }).click();
  await expect(page.getByLabel('Email address')).toBeFocused();
});

test('signs in, refuses a wrong password clearly, and signs out', async ({ page, request }) => {
  const user = await seedUser(request, 'institution');
  await page.goto('/login');
  await checkPage(page, 'login');

  await signIn(page, { email: user.email, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toContainText('The email or password is wrong');
  await checkPage(page, 'login-wrong-password');

  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);

  await openFromMenu(page, 'Account');
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('region', { name: 'Your details' }).getByText(user.email)).toBeVisible();
  await expect(page.getByText('+256' + user.phone.slice(1))).toBeVisible();
  await checkPage(page, 'account');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  // Signed out on the server too: a reload does not bring the session back.
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  expect((await page.context().cookies()).filter((cookie) => cookie.name === 'qgig_refresh')).toEqual([]);
});

test('keeps the session across reloads through an HttpOnly cookie that scripts cannot read', async ({ page }) => {
  const user = await seedUser(page.request, 'professional');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);
  await page.goto('/account');
  await expect(page.getByRole('region', { name: 'Your details' }).getByText(user.email)).toBeVisible();

  const [cookie] = (await page.context().cookies()).filter((candidate) => candidate.name === 'qgig_refresh');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/auth' });
  const visibleToScripts = await page.evaluate(() => ({
    cookies: document.cookie,
    local: localStorage.length,
    session: sessionStorage.length,
  }));
  expect(visibleToScripts).toEqual({ cookies: '', local: 0, session: 0 });
});

test('sends a signed-out visitor to sign in, then back to the page they asked for', async ({ page, request }) => {
  const user = await seedUser(request, 'professional');
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await signIn(page, user);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your account');

  // Signed in, the sign-in page sends people home rather than signing in twice.
  await page.goto('/login');
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('when the session ends elsewhere, the next request sends the visitor to sign in', async ({ page, request }) => {
  const user = await seedUser(page.request, 'institution');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);

  // The same session signs out from another client: the page's access token and cookie both die.
  expect((await request.post('/api/v1/auth/logout', { headers: { authorization: `Bearer ${user.accessToken}` } })).status()).toBe(204);
  await openFromMenu(page, 'Account');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
});

const NEW_PASSWORD = 'Sipi-Falls-Morning-88';

test('resets a forgotten password through the link mailed to the account', async ({ page, request }) => {
  const user = await seedUser(request, 'professional');
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('status')).toContainText(`If a Qgig account uses ${user.email}, we have sent it a link`);
  await checkPage(page, 'forgot-password-sent');

  await page.goto(await mailedLink(request, user.email, 'Reset your Qgig password', '/reset-password'));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  await page.getByLabel('New password').fill('password123');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByLabel('New password')).toHaveAccessibleDescription(/This password is too common/);
  await checkPage(page, 'reset-password-refused');

  await page.getByLabel('New password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password is changed');
  await checkPage(page, 'reset-password-done');
  // The link works once.
  await page.reload();
  await page.getByLabel('New password').fill('Another-Long-Secret-77');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page.getByRole('alert')).toContainText('This link is not valid');

  await page.goto('/login');
  await signIn(page, { email: user.email, password: user.password });
  await expect(page.getByRole('alert')).toContainText('The email or password is wrong');
  await signIn(page, { email: user.email, password: NEW_PASSWORD });
  await expect(page).toHaveURL(/\/dashboard$/);
});

test('confirms the address, and changes name, password and email on the account page', async ({ page, request }) => {
  const user = await seedUser(page.request, 'institution');
  await page.goto('/account');
  const verification = page.getByRole('region', { name: 'Confirm your email address' });
  await expect(verification).toContainText(`Your email address ${user.email} is not confirmed yet`);
  await verification.getByRole('button', { name: 'Send the link again' }).click();
  await expect(verification.getByRole('status')).toContainText(`We sent a new link to ${user.email}`);
  await checkPage(page, 'account-unverified');
  await page.goto(await mailedLink(request, user.email, 'Confirm your email address', '/verify-email'));
  await expect(page.getByRole('main').getByRole('status')).toContainText('your email address is confirmed');
  await checkPage(page, 'verify-email-done');

  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Confirm your email address' })).toHaveCount(0);

  const name = page.getByRole('form', { name: 'Change your name' });
  await name.getByLabel('Full name').fill('Kyomuhendo Brenda');
  await name.getByRole('button', { name: 'Save the name' }).click();
  await expect(page.getByRole('region', { name: 'Change your name' }).getByRole('status')).toHaveText('Your name is saved.');
  await expect(page.getByRole('region', { name: 'Your details' })).toContainText('Kyomuhendo Brenda');

  const password = page.getByRole('form', { name: 'Change your password' });
  await password.getByLabel('Current password').fill('Not-The-Password-1');
  await password.getByLabel('New password').fill(NEW_PASSWORD);
  await password.getByRole('button', { name: 'Change the password' }).click();
  await expect(password.getByLabel('Current password')).toHaveAccessibleDescription(/The password is wrong/);
  await checkPage(page, 'account-wrong-password');
  await password.getByLabel('Current password').fill(user.password);
  await password.getByRole('button', { name: 'Change the password' }).click();
  await expect(page.getByRole('region', { name: 'Change your password' }).getByRole('status')).toContainText('Your password is changed');

  const newEmail = `moved.${user.email}`;
  const email = page.getByRole('form', { name: 'Change your email address' });
  await email.getByLabel('New email address').fill(newEmail);
  await email.getByLabel('Your password').fill(NEW_PASSWORD);
  await email.getByRole('button', { name: 'Send a confirmation link' }).click();
  await expect(page.getByRole('region', { name: 'Change your email address' }).getByRole('status')).toContainText(
    `We sent a link to ${newEmail}`,
  );
  await checkPage(page, 'account-changes-saved');

  await page.goto(await mailedLink(request, newEmail, 'Confirm your new email address', '/confirm-email'));
  await expect(page.getByRole('main').getByRole('status')).toContainText('Your account now uses this email address');
  await page.goto('/account');
  await expect(page.getByRole('region', { name: 'Your details' })).toContainText(newEmail);
  expect((await request.post('/api/v1/auth/login', { data: { email: newEmail, password: NEW_PASSWORD } })).status()).toBe(200);
});

test('tells a suspended user the reason and how to reach support', async ({ page, request }) => {
  // Signed in in the page when the suspension comes.
  const user = await seedUser(page.request, 'professional');
  await page.goto('/dashboard');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);
  const admin = await signInAdmin(request);
  const me = await request.post('/api/v1/auth/login', { data: { email: user.email, password: user.password } });
  const { user: account } = (await me.json()) as { user: { id: string } };
  const suspended = await request.post(`/api/v1/admin/users/${account.id}/suspend`, {
    headers: { authorization: `Bearer ${admin.accessToken}` },
    data: { reason: 'Two shifts missed without notice' },
  });
  expect(suspended.status()).toBe(200);

  // The next page asked for says why, and how to reach support.
  await openFromMenu(page, 'Account');
  await expect(page.getByRole('alert')).toContainText(
    'This account is suspended (reason given: Two shifts missed without notice); contact Qgig support at support@qgig.ug',
  );
  await checkPage(page, 'account-suspended');

  await page.goto('/login');
  await signIn(page, user);
  const notice = page.getByRole('alert');
  await expect(notice).toContainText('Your account is suspended. Reason given: Two shifts missed without notice');
  await expect(notice.getByRole('link', { name: 'support@qgig.ug' })).toHaveAttribute('href', 'mailto:support@qgig.ug');
  await expect(page).toHaveURL(/\/login$/);
  await checkPage(page, 'login-suspended');
});
