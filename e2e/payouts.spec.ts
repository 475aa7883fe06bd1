import { expect, test, type Page } from '@playwright/test';
import { uniquePhone } from '../test/support/unique.js';
import { checkPage, openFromMenu, reloadUntil } from './support/checks.js';
import { signedInPage, verifyProfessional } from './support/jobs.js';
import {
  approveTimesheet,
  disputeTimesheet,
  savePayoutMethod,
  setMomoAccountHolder,
  setMomoPayee,
  workedShift,
} from './support/payouts.js';
import { seedUser, signInAdmin, uniqueName } from './support/users.js';

/** "0772123456" → "+256772123456", as the API returns phones. */
const e164 = (phone: string) => `+256${phone.slice(1)}`;

/** A verified professional with a browser signed in and an MTN wallet to be paid to, and an institution (API only), both with unique names. */
async function parties(browser: Parameters<typeof signedInPage>[0], page: Page, request: Parameters<typeof verifyProfessional>[0]) {
  const professional = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, professional.user.accessToken, { roles: ['nurse'], skills: [], experienceYears: 3 });
  const wallet = uniquePhone();
  await savePayoutMethod(request, professional.user.accessToken, wallet);
  const institution = await seedUser(request, 'institution', { name: uniqueName('institution') });
  const tokens = { institution: institution.accessToken, professional: professional.user.accessToken };
  return { professional, wallet, institution, tokens };
}

test('a professional saves the mobile money number they are paid to, and sees whose wallet it is', async ({ page, browser, request }) => {
  const { page: pro } = await signedInPage(browser, page, 'professional');
  const wallet = uniquePhone();
  await setMomoAccountHolder(request, wallet, 'Paul', 'Ssemwogerere');

  await pro.goto('/dashboard');
  await openFromMenu(pro, 'Profile');
  const section = pro.getByRole('region', { name: 'How you are paid' });
  await expect(section).toContainText('Add the mobile money number your pay should go to');
  const form = section.getByRole('form', { name: 'Payout method' });
  await form.getByRole('button', { name: 'Save payout method' }).click();
  await expect(form.getByRole('alert')).toContainText('Enter a Ugandan phone number');
  await checkPage(pro, 'profile-payout-method-errors');

  await form.getByLabel('Mobile money number').fill(wallet);
  await form.getByLabel('MTN Mobile Money').check();
  await form.getByRole('button', { name: 'Save payout method' }).click();
  await expect(section.getByRole('status')).toContainText(
    `Your payouts go to ${e164(wallet)} (MTN Mobile Money), registered to Paul Ssemwogerere.`,
  );
  await expect(section).toContainText(`Your pay goes to ${e164(wallet)}`);
  await checkPage(pro, 'profile-payout-method');

  await openFromMenu(pro, 'Payouts');
  await expect(pro.getByRole('heading', { level: 1 })).toHaveText('Your payouts');
  await expect(pro.getByRole('main')).toContainText(
    `Your pay goes to ${e164(wallet)} (MTN Mobile Money), registered to Paul Ssemwogerere.`,
  );
  await expect(pro.getByRole('main')).toContainText('No payouts yet');
  await checkPage(pro, 'payouts-empty');
});

test('an administrator resolves a disputed timesheet at 50%: the professional is paid half, and the ledger balances', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const { professional, institution, tokens } = await parties(browser, page, request);
  const job = await workedShift(request, tokens, 60000);
  await disputeTimesheet(request, institution.accessToken, job.id, 'Left at noon, four hours early');

  const admin = page;
  await signInAdmin(admin.request);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Disputes');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Disputes');
  const disputed = admin.getByRole('listitem', { name: `Nurse at ${institution.name}` });
  await expect(disputed).toContainText('Left at noon, four hours early');
  await expect(disputed).toContainText(professional.user.name);
  await expect(disputed).toContainText('Worked');
  await disputed.getByRole('button', { name: 'Resolve…' }).click();
  const resolve = disputed.getByRole('form', { name: 'Resolve the dispute' });
  await resolve.getByLabel('Share of the pay for the professional (%)').fill('150');
  await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
  await expect(resolve.getByRole('alert')).toBeVisible();
  await checkPage(admin, 'admin-dispute-errors');
  await resolve.getByLabel('Share of the pay for the professional (%)').fill('50');
  await resolve.getByLabel('Reason').fill('The institution’s register shows a 12:05 departure; half a day is paid.');
  await resolve.getByRole('button', { name: 'Resolve the dispute' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'is resolved' })).toHaveText(
    `Nurse at ${institution.name} is resolved: 50% of UGX 60,000 goes to ${professional.user.name}.`,
  );
  await expect(disputed).toHaveCount(0);
  await checkPage(admin, 'admin-disputes');

  // Half the pay reaches the professional's wallet.
  const pro = professional.page;
  await pro.goto(`/jobs/${job.id}`);
  await expect(pro.getByRole('heading', { level: 1 })).toContainText('Completed');
  const payout = pro.getByRole('region', { name: 'Your payout' });
  await reloadUntil(pro, () => expect(payout).toContainText('Paid out', { timeout: 2_000 }));
  await expect(payout).toContainText('UGX 30,000');

  await openFromMenu(admin, 'Ledger');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Ledger');
  await expect(admin.getByRole('main').getByRole('status')).toHaveText('Every journal balances.');
  const balances = admin.getByRole('region', { name: 'Balances' });
  await expect(balances).toContainText(/Unbalanced journals\s*0/);
  await expect(balances).toContainText(/Paid out\s*UGX [1-9][\d,]*/);
  await checkPage(admin, 'admin-ledger');
});

test('a payout the network refuses waits among the failed payouts until an administrator sends it again', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const { professional, wallet, institution, tokens } = await parties(browser, page, request);
  await setMomoPayee(request, wallet, { status: 'FAILED', reason: 'PAYEE_NOT_ALLOWED_TO_RECEIVE' });
  const job = await workedShift(request, tokens, 45000);
  await approveTimesheet(request, institution.accessToken, job.id);

  const pro = professional.page;
  await pro.goto(`/jobs/${job.id}`);
  const payout = pro.getByRole('region', { name: 'Your payout' });
  await reloadUntil(pro, () => expect(payout).toContainText('Failed', { timeout: 2_000 }));
  await expect(payout).toContainText('UGX 45,000');
  await checkPage(pro, 'job-payout-failed');

  const admin = page;
  await signInAdmin(admin.request);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Failed payouts');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Failed payouts');
  const failed = admin.getByRole('listitem', { name: `UGX 45,000 to ${e164(wallet)}` });
  await expect(failed).toContainText('Failed');
  await checkPage(admin, 'admin-failed-payouts');

  // The wallet can receive again; the administrator confirms before anything is sent.
  await setMomoPayee(request, wallet, { status: 'SUCCESSFUL' });
  await failed.getByRole('button', { name: 'Retry…' }).click();
  await expect(failed.getByRole('group', { name: 'Confirm the retry' })).toContainText(`Send UGX 45,000 to ${e164(wallet)} again?`);
  await failed.getByRole('button', { name: 'Yes, send it again' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'is sent again' })).toHaveText(
    `The payout of UGX 45,000 to ${e164(wallet)} is sent again.`,
  );
  await expect(failed).toHaveCount(0);

  await openFromMenu(pro, 'Payouts');
  const paid = pro.getByRole('listitem', { name: /UGX 45,000 on/ });
  await reloadUntil(pro, () => expect(paid).toContainText('Paid out', { timeout: 2_000 }));
  await expect(paid).toContainText(e164(wallet));
  await checkPage(pro, 'payouts');
});
