import { expect, test } from '@playwright/test';
import { uniquePhone } from '../test/support/unique.js';
import { checkPage, reloadUntil } from './support/checks.js';
import { saveInstitutionProfile, signedInPage, moveShiftInDatabase, verifyProfessional } from './support/jobs.js';
import { paidShift, savePayoutMethod } from './support/payouts.js';

test('an institution cancelling a paid shift 3 hours ahead sees the professional’s share, and the professional is paid it', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const institution = await signedInPage(browser, page, 'institution');
  const profile = await saveInstitutionProfile(request, institution.user.accessToken, institution.user.name);
  const professional = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, professional.user.accessToken, { roles: ['nurse'], skills: [], experienceYears: 4 });
  await savePayoutMethod(request, professional.user.accessToken, uniquePhone());
  const tokens = { institution: institution.user.accessToken, professional: professional.user.accessToken };
  const job = await paidShift(request, tokens, 60000);
  // Under 4 hours before the start: half of the UGX 60,000 pay goes to the professional.
  await moveShiftInDatabase(job.id, 3);

  const owner = institution.page;
  await owner.goto(`/jobs/${job.id}`);
  await owner.getByRole('button', { name: 'Cancel the job…' }).click();
  const reason = owner.getByLabel('Reason for cancelling');
  await expect(
    owner.getByText(`This is a late cancellation, so ${professional.user.name} is paid UGX 30,000 (50% of the pay`),
  ).toBeVisible();
  await expect(owner.getByText(/comes back by mobile money to the phone you paid from/)).toBeVisible();
  await checkPage(owner, 'late-cancellation-dialog');
  await reason.fill('The ward was closed for fumigation.');
  await owner.getByRole('button', { name: 'Cancel the job', exact: true }).click();
  await expect(owner.getByRole('status').filter({ hasText: 'The job is cancelled.' })).toBeVisible();
  const facts = owner.getByRole('region', { name: 'Shift details' });
  await expect(facts).toContainText('UGX 30,000 (50% of the pay) went to the professional');
  await checkPage(owner, 'late-cancellation-owner');

  const pro = professional.page;
  await pro.goto(`/jobs/${job.id}`);
  // The machine may be busy: this page's first load waits for the session and the page's code.
  await expect(pro.getByRole('heading', { level: 1 })).toContainText('Cancelled', { timeout: 30_000 });
  await expect(pro.getByRole('region', { name: 'Shift details' })).toContainText(
    'The institution cancelled late, so you are paid UGX 30,000 (50% of the pay).',
  );
  const payout = pro.getByRole('region', { name: 'Your payout' });
  await reloadUntil(pro, () => expect(payout).toContainText('Paid out', { timeout: 10_000 }));
  await expect(payout).toContainText('UGX 30,000');
  await checkPage(pro, 'late-cancellation-professional');

  // The institution's public profile counts the cancellation.
  await pro.getByRole('link', { name: new RegExp(`^${profile.name}`) }).click();
  await expect(pro.getByRole('heading', { level: 1 })).toHaveText(profile.name);
  await expect(pro.getByRole('main')).toContainText('1 of the 1 shift professionals took in the last 90 days (100%).');
  await expect(pro.getByRole('main')).not.toContainText(profile.address);
  await checkPage(pro, 'institution-profile');
});
