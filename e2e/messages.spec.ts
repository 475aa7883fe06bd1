import { expect, test, type Page } from '@playwright/test';
import { assignedJob, saveInstitutionProfile, signedInPage, verifyProfessional } from './support/jobs.js';

/** Writes and sends a message from the job page's composer, which stays on screen while typing. */
async function write(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.scrollIntoViewIfNeeded();
  await box.fill(text);
  await expect(box).toBeInViewport();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(box).toHaveValue('');
}

test('the owner and the assignee of a job exchange messages live on a phone, shown as text, with unread counts and read receipts', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const school = await signedInPage(browser, page, 'institution');
  const teacher = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, teacher.user.accessToken, { roles: ['teacher'], skills: ['mathematics'], experienceYears: 4 });
  await saveInstitutionProfile(request, school.user.accessToken, school.user.name);
  const jobId = await assignedJob(request, school.user.accessToken, teacher.user.accessToken);

  await school.page.goto(`/jobs/${jobId}`);
  await teacher.page.goto(`/jobs/${jobId}`);
  const schoolPanel = school.page.getByRole('region', { name: /Messages/ });
  const teacherPanel = teacher.page.getByRole('region', { name: /Messages/ });
  await expect(schoolPanel.getByText('No messages yet.')).toBeVisible();
  await expect(teacherPanel.getByText('No messages yet.')).toBeAttached();
  // The teacher is reading the shift's details at the top of the page, the conversation out of view.
  await teacher.page.evaluate(() => window.scrollTo(0, 0));
  await expect(teacherPanel).not.toBeInViewport();

  // Markup is shown as the text it is.
  await write(school.page, 'Please use the north gate 🚪 <b>not bold</b>');
  const fromSchool = teacherPanel.getByRole('listitem').filter({ hasText: 'Please use the north gate 🚪 <b>not bold</b>' });
  await expect(fromSchool).toBeAttached();
  await expect(teacherPanel.locator('b')).toHaveCount(0);
  await expect(teacherPanel.getByRole('heading')).toContainText('1 new');
  await expect(schoolPanel.getByRole('listitem').last()).toContainText('Sent');

  // Scrolling the conversation into view reads it: the badge goes, and the school sees "Read" without a reload.
  await teacherPanel.scrollIntoViewIfNeeded();
  await expect(teacherPanel.getByRole('heading')).not.toContainText('new');
  await expect(schoolPanel.getByRole('listitem').last()).toContainText('Read');

  // With the on-screen keyboard open (the screen 360 × 320), the composer is still in view as the text grows.
  await teacher.page.setViewportSize({ width: 360, height: 320 });
  const box = teacher.page.getByRole('textbox', { name: 'Message' });
  await box.focus();
  await box.fill('Bus is late by 10 minutes.\nI will be there by 08:20.\nSorry!');
  await expect(box).toBeInViewport();
  await expect(teacher.page.getByRole('button', { name: 'Send' })).toBeInViewport();
  const grown = await box.boundingBox();
  expect(grown!.height).toBeGreaterThan(44);
  expect(grown!.y + grown!.height).toBeLessThanOrEqual(320);
  await teacher.page.getByRole('button', { name: 'Send' }).click();
  await expect(box).toHaveValue('');
  await expect(box).toBeInViewport();

  await expect(schoolPanel.getByRole('listitem').filter({ hasText: 'I will be there by 08:20.' })).toBeVisible();
  await expect(schoolPanel.getByRole('listitem').filter({ hasText: 'I will be there by 08:20.' })).toContainText(teacher.user.name);
  await write(school.page, 'Thanks, see you soon.');
  await expect(teacherPanel.getByRole('listitem').filter({ hasText: 'Thanks, see you soon.' })).toBeVisible();
});
