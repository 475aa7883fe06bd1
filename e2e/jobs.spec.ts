import { expect, test } from '@playwright/test';
import { uniquePhone } from '../test/support/unique.js';
import { checkPage, openFromMenu } from './support/checks.js';
import { expectPdfDownload } from './support/files.js';
import {
  kampalaDateIn,
  openBrowserPage,
  saveInstitutionProfile,
  signedInPage,
  startShiftInDatabase,
  verifyProfessional,
} from './support/jobs.js';
import { setMomoAccountHolder } from './support/payouts.js';
import { signInAdmin } from './support/users.js';

test('an institution posts a shift, the faster of two verified professionals wins it, the institution pays through PesaPal, the professional checks in and out and is paid to mobile money, and both rate each other', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const institution = await signedInPage(browser, page, 'institution');
  const winner = await signedInPage(browser, page, 'professional');
  const rival = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, winner.user.accessToken, {
    roles: ['teacher'],
    skills: ['mathematics', 'physics'],
    experienceYears: 6,
  });
  await verifyProfessional(request, rival.user.accessToken, { roles: ['teacher'], skills: ['history'], experienceYears: 2 });
  const schoolProfile = await saveInstitutionProfile(request, institution.user.accessToken, institution.user.name);

  // The institution posts the job.
  const school = institution.page;
  await school.goto('/dashboard');
  await openFromMenu(school, 'Post a job');
  await expect(school.getByRole('heading', { level: 1 })).toHaveText('Post a job');
  await school.getByLabel('Role needed').selectOption('teacher');
  await school.getByLabel('Skills wanted (optional)').fill('mathematics, physics,');
  await school.getByLabel('Description (optional)').fill('Senior 3 mathematics and physics.\nReport to the deputy head at 07:45.');
  await school.getByLabel('Date (Kampala)').fill(kampalaDateIn(3));
  await school.getByLabel('Starts at').fill('20:00');
  await school.getByLabel('Ends at').fill('06:00');
  await expect(school.getByLabel('Ends at')).toHaveAccessibleDescription('Ends the next day (overnight shift).');
  // Ten hours at UGX 5,000 an hour, plus the 10% fee.
  await school.getByLabel('Pay in Uganda shillings').fill('5000');
  await expect(school.getByLabel('Pay in Uganda shillings')).toHaveAccessibleDescription('That is UGX 5,000.');
  await school.getByLabel('Per hour').check();
  await expect(school.getByRole('status').filter({ hasText: '10 h: UGX 50,000 pay + UGX 5,000 Qgig fee = UGX 55,000' })).toBeVisible();
  await school.getByLabel('District').selectOption('Kampala');
  await checkPage(school, 'job-post');
  await school.getByRole('button', { name: 'Post the job' }).click();
  await expect(school.getByRole('status').filter({ hasText: 'Your job is posted.' })).toBeVisible();
  await expect(school.getByRole('heading', { level: 1 })).toHaveText(`Teacher at ${institution.user.name} Open`);
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText('UGX 5,000 per hour');
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText('UGX 50,000 pay + UGX 5,000 Qgig fee = UGX 55,000');
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText('20:00–06:00 (ends the next day)');
  await expect(school.getByText('Report to the deputy head at 07:45.')).toBeVisible();
  const jobUrl = school.url().replace(/\?.*$/, '');

  // Both professionals are among the ranked matches, the better fit first.
  const matches = school.getByRole('region', { name: 'Best-matched professionals' }).getByRole('listitem');
  await expect(matches.filter({ hasText: rival.user.name })).toBeVisible();
  const names = await matches.getByRole('heading').allTextContents();
  expect(names.indexOf(winner.user.name)).toBeGreaterThanOrEqual(0);
  expect(names.indexOf(winner.user.name)).toBeLessThan(names.indexOf(rival.user.name));
  await expect(matches.filter({ hasText: winner.user.name })).toContainText('Skills 100%');
  // Neither has been rated: no made-up percentage for it.
  await expect(matches.filter({ hasText: winner.user.name })).toContainText('Rating: not rated yet');
  await expect(matches.filter({ hasText: winner.user.name })).not.toContainText(/Rating \d+%/);
  // The best matches are offered a new job by SMS (and web push): the page says so, and no longer that nobody is.
  const matchesRegion = school.getByRole('region', { name: 'Best-matched professionals' });
  await expect(matchesRegion).toContainText('The best of them who take shift offers are sent this one by SMS');
  await expect(matchesRegion).not.toContainText('nobody is sent a message');
  await checkPage(school, 'job-open-matches');

  // The rival opens the job first; the winner finds it among the recommendations and accepts.
  await rival.page.goto(jobUrl);
  await expect(rival.page.getByRole('button', { name: 'Accept this shift' })).toBeVisible();
  const pro = winner.page;
  await pro.goto('/dashboard');
  await openFromMenu(pro, 'Recommended');
  const recommended = pro.getByRole('listitem', { name: `Teacher at ${institution.user.name}` });
  await expect(recommended).toContainText('Match');
  await expect(recommended).toContainText('Skills 100%');
  await expect(recommended).toContainText('Rating: not rated yet');
  await checkPage(pro, 'jobs-recommended');
  await recommended.getByRole('link', { name: `Teacher at ${institution.user.name}` }).click();
  await checkPage(pro, 'job-before-accept');
  // Before accepting: the kind of institution and its area, never its street address.
  await expect(pro.getByRole('region', { name: 'Shift details' })).toContainText(`${institution.user.name}, a school in Kampala`);
  await expect(pro.getByRole('main')).not.toContainText(schoolProfile.address);
  await pro.getByRole('button', { name: 'Accept this shift' }).click();
  await expect(pro.getByRole('status').filter({ hasText: 'The shift is yours' })).toBeVisible();
  await expect(pro.getByRole('heading', { level: 1 })).toContainText('Assigned');
  await expect(pro.getByRole('button', { name: 'Give back this shift…' })).toBeVisible();
  // Once the shift is theirs: where to go and whom to ask for, not their own name.
  const whereToGo = pro.getByRole('region', { name: 'Where to go' });
  await expect(whereToGo).toContainText(schoolProfile.address);
  await expect(whereToGo).toContainText(schoolProfile.contactName);
  await expect(whereToGo.getByRole('link', { name: schoolProfile.contactPhone })).toHaveAttribute(
    'href',
    `tel:${schoolProfile.contactPhone}`,
  );
  await expect(pro.getByRole('region', { name: 'Shift details' })).not.toContainText(winner.user.phone);
  await checkPage(pro, 'job-accepted');

  // Having no payout method yet, the professional is asked where to be paid, and sees whose wallet it is.
  const wallet = uniquePhone();
  await setMomoAccountHolder(request, wallet, 'Paul', 'Ssemwogerere');
  const payTo = pro.getByRole('region', { name: 'How you will be paid' });
  await payTo.getByLabel('Mobile money number').fill(wallet);
  await payTo.getByLabel('MTN Mobile Money').check();
  await checkPage(pro, 'job-payout-method');
  await payTo.getByRole('button', { name: 'Save payout method' }).click();
  const walletText = `+256${wallet.slice(1)} (MTN Mobile Money)`;
  await expect(pro.getByRole('status').filter({ hasText: 'your pay will go to' })).toHaveText(
    `Thank you: your pay will go to ${walletText}, registered to Paul Ssemwogerere.`,
  );
  await expect(payTo).toHaveCount(0);

  await rival.page.getByRole('button', { name: 'Accept this shift' }).click();
  await expect(rival.page.getByRole('alert')).toHaveText(
    'Someone else was faster: this shift has just been taken by another professional.',
  );
  await checkPage(rival.page, 'job-taken');

  // The institution's bell counted the acceptance as it happened, without a reload.
  await expect(school.getByRole('link', { name: 'Notifications, 1 unread' })).toBeVisible();

  // The institution pays through the PesaPal simulator's checkout.
  await school.reload();
  await expect(school.getByRole('heading', { level: 1 })).toContainText('Assigned');
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText(winner.user.name);
  await checkPage(school, 'job-assigned-pay');
  await school.getByRole('button', { name: 'Pay UGX 55,000 with PesaPal' }).click();
  await expect(school).toHaveURL(/\/pesapal-sim\//);
  // The institution leaves PesaPal's page and comes back to the job: the pending payment can be continued.
  await school.goto(jobUrl);
  await expect(school.getByText('A payment of UGX 55,000 is waiting at PesaPal.')).toBeVisible();
  await school.getByRole('link', { name: 'Continue payment' }).click();
  await expect(school).toHaveURL(/\/pesapal-sim\//);
  await expect(school.getByRole('heading', { name: 'Pay Qgig' })).toBeVisible();
  await checkPage(school, 'pesapal-checkout');
  await school.getByRole('button', { name: 'Approve payment' }).click();
  await expect(school.getByRole('heading', { level: 1 })).toHaveText('Payment received', { timeout: 20_000 });
  await checkPage(school, 'payment-outcome');
  await school.getByRole('link', { name: 'Back to the job' }).click();
  await expect(school).toHaveURL(jobUrl);
  await expect(school.getByRole('heading', { level: 1 })).toContainText('Paid');
  const payment = school.getByRole('region', { name: 'Payments' }).getByRole('listitem');
  await expect(payment).toHaveCount(1);
  await expect(payment).toContainText('UGX 55,000');
  await expect(payment.getByText('Paid', { exact: true })).toBeVisible();
  await checkPage(school, 'job-paid');

  // The paid job's invoice downloads as a PDF named after its number.
  await expectPdfDownload(school, school.getByRole('button', { name: 'Download invoice' }), '/invoice', /^QG-\d{4}-\d{6}\.pdf$/);

  // Before the shift: no attendance code yet, and no completion without a check-in before its end.
  await expect(school.getByText('The code for checking in appears here from an hour before the shift starts.')).toBeVisible();
  await expect(school.getByText(/you can mark the shift completed once it has ended/)).toBeVisible();
  await expect(school.getByRole('button', { name: /Mark as completed/ })).toHaveCount(0);

  // Once the shift is under way, the school shows the code; the professional types it to check in, then out.
  await startShiftInDatabase(jobUrl.split('/').at(-1)!);
  const currentCode = async () => {
    await school.reload();
    await expect(school.getByRole('img', { name: 'QR code for checking in' }).locator('svg')).toBeVisible();
    const code = (await school.getByLabel('Code to type', { exact: true }).textContent())!.trim();
    expect(code).toMatch(/^\d{6}$/);
    return code;
  };
  const checkInCode = await currentCode();
  await checkPage(school, 'job-attendance-code');
  await pro.reload();
  const checkIn = pro.getByRole('form', { name: 'Check in' });
  await checkIn.getByLabel('6-digit code').fill(checkInCode);
  await checkPage(pro, 'job-check-in');
  await checkIn.getByRole('button', { name: 'Check in' }).click();
  await expect(pro.getByRole('status').filter({ hasText: 'You are checked in' })).toBeVisible();
  await expect(pro.getByRole('heading', { level: 1 })).toContainText('Checked in');
  const checkOutCode = await currentCode();
  const checkOut = pro.getByRole('form', { name: 'Check out' });
  await checkOut.getByLabel('6-digit code').fill(checkOutCode);
  await checkOut.getByRole('button', { name: 'Check out' }).click();
  await expect(pro.getByRole('status').filter({ hasText: 'You are checked out' })).toBeVisible();
  await expect(pro.getByRole('region', { name: 'Timesheet' })).toContainText('Checked out');

  // The school sees the timesheet and approves it.
  await school.reload();
  await expect(school.getByRole('heading', { level: 1 })).toContainText('Checked out');
  await expect(school.getByRole('region', { name: 'Timesheet' })).toContainText('Worked');
  await checkPage(school, 'job-timesheet');
  await school.getByRole('button', { name: 'Approve the timesheet…' }).click();
  await expect(school.getByRole('group', { name: 'Confirm completing' })).toContainText(
    `Did ${winner.user.name} work this shift as the timesheet shows?`,
  );
  await school.getByRole('button', { name: 'Yes, the shift was worked' }).click();
  await expect(school.getByRole('status').filter({ hasText: 'marked complete' })).toBeVisible();
  await expect(school.getByRole('heading', { level: 1 })).toContainText('Completed');
  const rateProfessional = school.getByRole('form', { name: `Rate ${winner.user.name}` });
  await rateProfessional.getByRole('button', { name: 'Send rating' }).click();
  await expect(rateProfessional.getByRole('alert')).toBeVisible();
  await checkPage(school, 'job-rate-errors');
  await rateProfessional.getByRole('radio', { name: '5 stars' }).check();
  await rateProfessional.getByLabel('Comment (optional)').fill('Punctual, and the students loved the physics practicals.');
  await rateProfessional.getByRole('button', { name: 'Send rating' }).click();
  await expect(school.getByRole('status').filter({ hasText: `your rating of ${winner.user.name} is saved` })).toBeVisible();
  await school.reload();
  await expect(school.getByText(`You gave ${winner.user.name} 5 of 5 stars`)).toBeVisible();
  await expect(school.getByRole('form', { name: `Rate ${winner.user.name}` })).toHaveCount(0);

  await pro.reload();
  await expect(pro.getByRole('heading', { level: 1 })).toContainText('Completed');
  // Completion released the pay to the wallet; the simulated MTN pays at once. The payout's steps get a minute more.
  test.setTimeout(test.info().timeout + 60_000);
  const payout = pro.getByRole('region', { name: 'Your payout' });
  await expect(async () => {
    await pro.reload();
    await expect(payout).toContainText('Paid out', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(payout).toContainText('UGX 50,000');
  await expect(payout).toContainText(walletText);
  await expect(payout).toContainText('Settled');
  await checkPage(pro, 'job-paid-out');
  await checkPage(pro, 'job-completed-rate');
  const rateSchool = pro.getByRole('form', { name: `Rate ${institution.user.name}` });
  await rateSchool.getByRole('radio', { name: '4 stars' }).check();
  await rateSchool.getByRole('button', { name: 'Send rating' }).click();
  await expect(pro.getByRole('status').filter({ hasText: `your rating of ${institution.user.name} is saved` })).toBeVisible();

  await openFromMenu(pro, 'Ratings');
  const received = pro.getByRole('main').getByRole('listitem');
  await expect(received).toHaveCount(1);
  await expect(received).toContainText(`5 of 5 stars from ${institution.user.name}`);
  await expect(received).toContainText('the students loved the physics practicals');
  await checkPage(pro, 'ratings-received');

  await openFromMenu(pro, 'Payouts');
  const paidOut = pro.getByRole('main').getByRole('listitem');
  await expect(paidOut).toHaveCount(1);
  await expect(paidOut).toContainText('UGX 50,000');
  await expect(paidOut).toContainText('Paid out');
  await expect(paidOut.getByRole('link', { name: 'See the shift' })).toHaveAttribute('href', new URL(jobUrl).pathname);
  await checkPage(pro, 'payouts');
  // The successful payout's receipt downloads as a PDF.
  await expectPdfDownload(pro, paidOut.getByRole('button', { name: 'Download the receipt' }), '/receipt', /\.pdf$/);

  await openFromMenu(pro, 'My jobs');
  await pro.getByLabel('State').selectOption('completed');
  await pro.getByRole('button', { name: 'Apply' }).click();
  await expect(pro.getByRole('main').getByRole('listitem', { name: `Teacher at ${institution.user.name}` })).toContainText('Completed');
  await checkPage(pro, 'my-shifts');

  // The administrator's overview counts it.
  const admin = await openBrowserPage(browser, page);
  await signInAdmin(admin.request);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Overview');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Overview');
  await expect(admin.getByRole('region', { name: 'Jobs' })).toContainText(/Completed\s*[1-9]/);
  await expect(admin.getByRole('region', { name: 'Payments' })).toContainText(/Received\s*UGX [1-9]/);
  await expect(admin.getByRole('img', { name: /Jobs posted/ })).toBeVisible();
  await checkPage(admin, 'admin-overview');
});

test('an institution edits and deletes an open job, an unverified professional cannot accept, and an admin cancels a job with a reason', async ({
  page,
  browser,
}) => {
  const institution = await signedInPage(browser, page, 'institution');
  const post = async (rateAmount: number) => {
    const response = await institution.page.request.post('/api/v1/jobs', {
      headers: { authorization: `Bearer ${institution.user.accessToken}` },
      data: {
        role: 'midwife',
        date: kampalaDateIn(60),
        startTime: '08:00',
        endTime: '16:00',
        rateAmount,
        rateUnit: 'day',
        district: 'Gulu',
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const editedId = await post(45000);
  const cancelledId = await post(70000);
  const title = `Midwife at ${institution.user.name}`;

  // Edit, then delete, while open.
  const school = institution.page;
  await school.goto(`/jobs/${editedId}`);
  await school.getByRole('link', { name: 'Edit the job' }).click();
  await expect(school.getByRole('heading', { level: 1 })).toHaveText('Edit the job');
  await expect(school.getByLabel('Role needed')).toHaveValue('midwife');
  await school.getByLabel('Pay in Uganda shillings').fill('60000');
  await checkPage(school, 'job-edit');
  await school.getByRole('button', { name: 'Save changes' }).click();
  await expect(school.getByRole('status').filter({ hasText: 'Your changes are saved.' })).toBeVisible();
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText('UGX 60,000 per day');
  await school.getByRole('button', { name: 'Delete the job…' }).click();
  await school.getByRole('button', { name: 'Yes, delete the job' }).click();
  await expect(school).toHaveURL(/\/jobs\/mine$/);
  await expect(school.getByRole('main').getByRole('listitem', { name: title })).toHaveCount(1);
  await checkPage(school, 'institution-jobs');

  // A professional without approved documents finds the job but may not take it.
  const { page: newcomer } = await signedInPage(browser, page, 'professional');
  await newcomer.goto('/dashboard');
  await openFromMenu(newcomer, 'Find shifts');
  await newcomer.getByLabel('Role').selectOption('midwife');
  await newcomer.getByLabel('District').selectOption('Gulu');
  await newcomer.getByLabel('Lowest pay in UGX').fill('65000');
  await newcomer.getByRole('button', { name: 'Apply' }).click();
  await expect(newcomer).toHaveURL(/\/jobs\?role=midwife&district=Gulu&minRate=65000$/);
  const found = newcomer.getByRole('listitem', { name: title });
  await expect(found).toContainText('UGX 70,000 per day');
  await checkPage(newcomer, 'jobs-browse');
  await found.getByRole('link', { name: title }).click();
  await newcomer.getByRole('button', { name: 'Accept this shift' }).click();
  await expect(newcomer.getByRole('alert')).toContainText('Only verified professionals can accept shifts.');

  // The administrator cancels the other one.
  const admin = await openBrowserPage(browser, page);
  await signInAdmin(admin.request);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Jobs');
  await admin.getByLabel('State').selectOption('open');
  await admin.getByLabel('Role').selectOption('midwife');
  await admin.getByRole('button', { name: 'Apply' }).click();
  // The admin list keeps deleted jobs too (the edited one, deleted above): pick the other by its pay.
  const listed = admin.getByRole('listitem', { name: title }).filter({ hasText: 'UGX 70,000' });
  await expect(listed).toContainText('Open');
  await expect(listed).toContainText('UGX 70,000 pay + UGX 7,000 Qgig fee = UGX 77,000');
  await checkPage(admin, 'admin-jobs');
  await listed.getByRole('button', { name: 'Cancel…' }).click();
  await listed.getByLabel('Reason for cancelling').fill('Posted twice by mistake, confirmed with the clinic');
  await listed.getByRole('button', { name: 'Cancel the job' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'is cancelled' })).toHaveText(`${title} is cancelled.`);
  await school.goto(`/jobs/${cancelledId}`);
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText('Posted twice by mistake');

  // The audit log names the job, found by the institution's name, and links to its page.
  await openFromMenu(admin, 'Audit log');
  await admin.getByRole('searchbox', { name: 'About (name or email)' }).fill(institution.user.name);
  await admin.getByLabel('Action').fill('job.cancel');
  await admin.getByRole('button', { name: 'Apply' }).click();
  const cancelEntry = admin.getByRole('main').getByRole('listitem').filter({ hasText: 'Posted twice by mistake' });
  await expect(cancelEntry).not.toContainText(cancelledId);
  await cancelEntry.getByRole('link', { name: new RegExp(`^${title}, `) }).click();
  await expect(admin).toHaveURL(new RegExp(`/jobs/${cancelledId}$`));
  await expect(admin.getByRole('region', { name: 'Shift details' })).toContainText('Posted twice by mistake');
});

test('the job form asks before a shift over 12 hours or the same shift twice within a minute, and says what a field needs in words', async ({
  page,
  browser,
}) => {
  const { page: school } = await signedInPage(browser, page, 'institution');
  const fillShift = async () => {
    await school.goto('/jobs/new');
    await school.getByLabel('Role needed').selectOption('nurse');
    await school.getByLabel('Date (Kampala)').fill(kampalaDateIn(12));
    await school.getByLabel('Starts at').fill('08:00');
    await school.getByLabel('Ends at').fill('07:00');
    await school.getByLabel('Pay in Uganda shillings').fill('45000');
    await school.getByLabel('District').selectOption('Mbarara');
  };

  await fillShift();
  await school.getByLabel('Pay in Uganda shillings').fill('1000000000');
  await school.getByRole('button', { name: 'Post the job' }).click();
  const problems = school.getByRole('alert');
  await expect(problems).toContainText('The rate can be at most UGX 100,000,000');
  await expect(problems).not.toContainText(/Too big|expected number|ISO/);
  await school.getByLabel('Pay in Uganda shillings').fill('45000');

  // 08:00 to 07:00 is 23 hours: posted only once confirmed.
  const longShift = school.getByRole('checkbox', { name: 'Yes, this shift is 23 hours long' });
  await expect(longShift).toHaveAccessibleDescription('From 08:00 to 07:00 the next day: longer than 12 hours.');
  await school.getByRole('button', { name: 'Post the job' }).click();
  await expect(problems).toContainText('This shift is 23 hours long. Tick the box if it is, or correct the times.');
  await checkPage(school, 'job-post-long-shift');
  await longShift.check();
  await school.getByRole('button', { name: 'Post the job' }).click();
  await expect(school.getByRole('status').filter({ hasText: 'Your job is posted.' })).toBeVisible();
  const firstUrl = school.url().replace(/\?.*$/, '');

  // The same shift again at once: a warning with a link to the first, and posted only once confirmed.
  await fillShift();
  await school.getByRole('checkbox', { name: 'Yes, this shift is 23 hours long' }).check();
  await school.getByRole('button', { name: 'Post the job' }).click();
  await expect(problems).toContainText('You posted this same shift less than a minute ago.');
  await expect(school.getByRole('link', { name: 'see the one already posted' })).toHaveAttribute('href', new URL(firstUrl).pathname);
  await checkPage(school, 'job-post-twin');
  await school.getByRole('checkbox', { name: 'Yes, post this shift a second time' }).check();
  await school.getByRole('button', { name: 'Post the job' }).click();
  await expect(school.getByRole('status').filter({ hasText: 'Your job is posted.' })).toBeVisible();
  expect(school.url().replace(/\?.*$/, '')).not.toBe(firstUrl);
});
