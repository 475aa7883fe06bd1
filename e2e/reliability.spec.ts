import { expect, test } from '@playwright/test';
import { checkPage, openFromMenu } from './support/checks.js';
import {
  assignedJob,
  moveShiftInDatabase,
  openBrowserPage,
  saveInstitutionProfile,
  signedInPage,
  verifyProfessional,
} from './support/jobs.js';
import { signInAdmin } from './support/users.js';

test('a professional sees the points a late give-back cost and appeals; an admin accepts and the points come back', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const school = await signedInPage(browser, page, 'institution');
  const teacher = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, teacher.user.accessToken, { roles: ['teacher'], skills: ['mathematics'], experienceYears: 4 });
  await saveInstitutionProfile(request, school.user.accessToken, school.user.name);
  const jobId = await assignedJob(request, school.user.accessToken, teacher.user.accessToken);
  // 30 hours ahead: giving it back costs 10 points.
  await moveShiftInDatabase(jobId, 30);
  const given = await request.post(`/api/v1/jobs/${jobId}/cancel`, {
    headers: { authorization: `Bearer ${teacher.user.accessToken}` },
    data: { reason: 'My child is in hospital.' },
  });
  expect(given.status(), await given.text()).toBe(200);

  const mine = teacher.page;
  await mine.goto('/dashboard');
  await mine.getByRole('link', { name: 'See your reliability score and what changed it' }).click();
  await expect(mine.getByRole('heading', { level: 1 })).toHaveText('Your reliability');
  await expect(mine.getByRole('heading', { name: 'Your score is 90 of 100.' })).toBeVisible();
  const event = mine.getByRole('listitem').filter({ hasText: 'Gave back the teacher shift' });
  await expect(event.getByRole('heading')).toContainText(': −10 points.');
  await checkPage(mine, 'reliability');

  await event.getByRole('button', { name: 'Appeal…' }).click();
  await event.getByRole('button', { name: 'Send the appeal' }).click();
  await expect(event.getByLabel('Why should this not count?')).toHaveAccessibleDescription(/at least 10 characters/);
  await event.getByLabel('Why should this not count?').fill('The school asked me by phone to give the shift back.');
  await event.getByRole('button', { name: 'Send the appeal' }).click();
  await expect(event.getByRole('status')).toContainText('an administrator will decide.');
  await expect(event.getByRole('button', { name: 'Appeal…' })).toHaveCount(0);

  const admin = await openBrowserPage(browser, page);
  await signInAdmin(admin.request);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Appeals');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Reliability appeals');
  const appeal = admin
    .getByRole('main')
    .getByRole('listitem')
    .filter({ has: admin.getByRole('heading', { name: teacher.user.name }) });
  await expect(appeal).toContainText('The school asked me by phone to give the shift back.');
  await expect(appeal).toContainText('90 of 100');
  await checkPage(admin, 'admin-appeals');
  await appeal.getByLabel('Accept: give back 10 points').check();
  await appeal.getByLabel('Note to the professional (optional)').fill('The school confirmed it asked.');
  await appeal.getByRole('button', { name: 'Record the decision' }).click();
  await expect(admin.getByRole('status').filter({ hasText: 'appeal is accepted' })).toHaveText(
    `${teacher.user.name}’s appeal is accepted. Their score is now 100 of 100.`,
  );

  await mine.reload();
  await expect(mine.getByRole('heading', { name: 'Your score is 100 of 100.' })).toBeVisible();
  await expect(event.getByRole('status')).toContainText('Your appeal was accepted and the points were given back.');
  await expect(event.getByRole('status')).toContainText('Administrator’s note: The school confirmed it asked.');
});
