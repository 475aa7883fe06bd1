import { expect as baseExpect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { checkPage } from './support/checks.js';
import { assignedJob, saveInstitutionProfile, signedInPage, updateJobInDatabase, verifyProfessional } from './support/jobs.js';

/** Two browsers and the server share a busy machine: each step may take a while to show. */
const expect = baseExpect.configure({ timeout: 30_000 });

/** An institution and a verified teacher, each in a browser, and a shift the teacher took, moved to start `startsIn` from now. */
async function bookedShift(browser: Browser, page: Page, request: APIRequestContext, startsIn: string) {
  const institution = await signedInPage(browser, page, 'institution');
  const teacher = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, teacher.user.accessToken, { roles: ['teacher'], skills: ['mathematics'], experienceYears: 4 });
  await saveInstitutionProfile(request, institution.user.accessToken, institution.user.name);
  const jobId = await assignedJob(request, institution.user.accessToken, teacher.user.accessToken);
  await updateJobInDatabase(
    jobId,
    `starts_at = now() + interval '${startsIn}', ends_at = now() + interval '${startsIn}' + interval '8 hours'`,
  );
  return { institution, teacher, jobId };
}

/** Opens the job's page and waits for it (the shared machine can be slow to start the app). */
async function openJob(page: Page, jobId: string): Promise<void> {
  await page.goto(`/jobs/${jobId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Teacher at', { timeout: 60_000 });
}

test("the assignee confirms they'll be there from 48 h before the start, and the institution sees it", async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const { institution, teacher, jobId } = await bookedShift(browser, page, request, '30 hours');

  const school = institution.page;
  await openJob(school, jobId);
  const schoolSide = school.getByRole('region', { name: 'Confirmation' });
  await expect(schoolSide).toContainText(`${teacher.user.name} has not confirmed yet`);
  await expect(schoolSide).toContainText('you may release them then');
  await expect(school.getByRole('button', { name: 'Release…' })).toHaveCount(0);

  const professional = teacher.page;
  await openJob(professional, jobId);
  const confirmation = professional.getByRole('region', { name: "Confirm you'll be there" });
  await expect(confirmation).toContainText('Until you do, it may release you');
  await checkPage(professional, 'job-confirm');
  await confirmation.getByRole('button', { name: "Confirm you'll be there" }).click();
  await expect(professional.getByRole('status').filter({ hasText: 'the institution can see that you confirmed' })).toBeVisible();
  await expect(confirmation).toContainText('that you will be there');
  await expect(confirmation.getByRole('button')).toHaveCount(0);

  await openJob(school, jobId);
  await expect(schoolSide).toContainText(`${teacher.user.name} confirmed on`);
  await expect(school.getByRole('button', { name: 'Release…' })).toHaveCount(0);
  await checkPage(school, 'job-confirmed');
});

test('the institution releases an assignee who has not confirmed 4 h before the start; the paid shift reopens, already paid for', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(240_000);
  const { institution, teacher, jobId } = await bookedShift(browser, page, request, '3 hours');
  // Paid, as a confirmed PesaPal payment leaves it.
  await updateJobInDatabase(jobId, `status = 'paid', funded_at = now()`);

  const school = institution.page;
  await openJob(school, jobId);
  await expect(school.getByRole('region', { name: 'Confirmation' })).toContainText(`${teacher.user.name} has not confirmed yet`);
  await school.getByRole('button', { name: 'Release…' }).click();
  const dialog = school.getByRole('group', { name: 'Confirm the release' });
  await expect(dialog).toContainText(`Release ${teacher.user.name}? They are told, it costs them nothing`);
  await checkPage(school, 'job-release');
  await dialog.getByRole('button', { name: 'Yes, release them' }).click();
  await expect(school.getByRole('status').filter({ hasText: `${teacher.user.name} is released` })).toBeVisible();
  await expect(school.getByRole('heading', { level: 1 })).toContainText('Open');
  await expect(school.getByRole('region', { name: 'Shift details' })).toContainText('Already paid for');
  await expect(school.getByText('This shift is already paid for, so it cannot be edited or deleted')).toBeVisible();
  await expect(school.getByRole('link', { name: 'Edit the job' })).toHaveCount(0);
  await checkPage(school, 'job-funded');

  await teacher.page.goto('/notifications');
  await expect(teacher.page.getByText('You were released from a shift')).toBeVisible();
});
