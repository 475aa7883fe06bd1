import { expect, test, type Browser, type Page } from '@playwright/test';
import { checkPage, openFromMenu } from './support/checks.js';
import { samplePdf, samplePng } from './support/files.js';
import { confirmAddress } from './support/mailbox.js';
import { seedUser, signInAdmin, uniqueName } from './support/users.js';

/** A second browser, at the same viewport, signed in as the administrator. */
async function openAdminPage(browser: Browser, like: Page): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, viewport: like.viewportSize() });
  const admin = await context.newPage();
  await signInAdmin(admin.request);
  return admin;
}

async function upload(page: Page, type: string, file: { name: string; mimeType: string; buffer: Buffer }, number?: string) {
  const form = page.getByRole('form', { name: 'Upload a document' });
  await form.getByRole('radio', { name: type }).check();
  if (number) await form.getByLabel('Document number (optional)').fill(number);
  await form.getByLabel('File', { exact: true }).setInputFiles(file);
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was uploaded and is waiting for review' })).toBeVisible();
}

test('a professional uploads credentials, an admin reviews them in the queue, and the professional is told live', async ({
  page,
  browser,
}) => {
  // Two browsers, four uploads and a live notice: about 45 s on a busy 2-core machine, near the default limit.
  test.setTimeout(120_000);
  const name = uniqueName('professional');
  const professional = await seedUser(page.request, 'professional', { name });
  // Notices reach an address by email only once its owner confirmed it.
  await confirmAddress(page.request, professional.email);
  await page.goto('/dashboard');
  await openFromMenu(page, 'Documents');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your documents');
  await expect(page.getByText('You have not uploaded any documents yet.')).toBeVisible();
  await checkPage(page, 'documents-empty');

  // Checked in the browser first: a type and a file are needed, and a NIN has 14 characters.
  const form = page.getByRole('form', { name: 'Upload a document' });
  await form.getByRole('radio', { name: 'National ID (NIN)' }).check();
  await form.getByLabel('Document number (optional)').fill('CM123');
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByLabel('Document number (optional)')).toHaveAccessibleDescription(/A NIN is 14 letters and digits/);
  await expect(form.getByLabel('File', { exact: true })).toHaveAccessibleDescription(/./);
  await checkPage(page, 'documents-upload-errors');

  await upload(page, 'National ID (NIN)', { name: 'national-id.pdf', mimeType: 'application/pdf', buffer: samplePdf() }, 'cm90012345678k');
  await upload(page, 'Certificate', { name: 'diploma.png', mimeType: 'image/png', buffer: samplePng() });
  const uploaded = page.getByRole('region', { name: 'Uploaded' }).getByRole('listitem');
  await expect(uploaded).toHaveCount(2);
  await expect(uploaded.filter({ hasText: 'National ID (NIN)' })).toContainText('CM••••••••••8K');
  await expect(uploaded.filter({ hasText: 'Waiting for review' })).toHaveCount(2);
  await uploaded
    .filter({ hasText: 'Certificate' })
    .getByRole('button', { name: /Show the file/ })
    .click();
  await expect(uploaded.getByRole('img', { name: /^Certificate, uploaded/ })).toBeVisible();
  await checkPage(page, 'documents-uploaded');

  // The administrator's queue, in another browser.
  const admin = await openAdminPage(browser, page);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Verification');
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Document verification');
  const nin = admin.getByRole('listitem', { name: `${name}: National ID (NIN)` });
  await expect(nin).toContainText('CM90012345678K');
  await checkPage(admin, 'verification-queue');
  await nin.getByRole('button', { name: 'Review' }).click();
  const viewer = nin.locator('iframe[title]');
  await expect(viewer).toHaveAttribute('src', /^blob:/);
  await expect(nin.getByRole('link', { name: 'Save the file' })).toHaveAttribute('download', /\.pdf$/);
  await checkPage(admin, 'verification-review-pdf');
  await nin.getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `Approved: ${name}’s national id (nin)` })).toContainText('not verified yet');
  await expect(nin).toHaveCount(0);

  const certificate = admin.getByRole('listitem', { name: `${name}: Certificate` });
  await certificate.getByRole('button', { name: 'Review' }).click();
  await expect(certificate.getByRole('img', { name: `${name}: Certificate` })).toBeVisible();
  await certificate.getByRole('button', { name: 'Reject' }).click();
  await expect(certificate.getByLabel('Reason for rejecting')).toHaveAccessibleDescription(/Give a reason of at least 3 characters/);
  await checkPage(admin, 'verification-reject-without-reason');
  await certificate.getByLabel('Reason for rejecting').fill('The photo is too small to read; upload a scan of the whole certificate.');
  await certificate.getByRole('button', { name: 'Reject' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `Rejected: ${name}’s certificate` })).toBeVisible();
  await admin.context().close();

  // The professional's bell counted both decisions as they happened, without a reload.
  const bell = page.getByRole('link', { name: 'Notifications, 2 unread' });
  await expect(bell).toBeVisible();
  await page.reload();
  await expect(uploaded.filter({ hasText: 'National ID (NIN)' })).toContainText('Approved');
  await expect(uploaded.filter({ hasText: 'Certificate' })).toContainText('The photo is too small to read');
  await expect(page.getByText('To be verified you still need an approved certificate or licence')).toBeVisible();
  await checkPage(page, 'documents-reviewed');

  await bell.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
  await expect(page.getByRole('heading', { name: 'Unread: Document rejected' })).toBeVisible();
  await expect(page.getByText(/Your certificate was rejected/)).toBeVisible();
  await checkPage(page, 'notifications');

  await page.getByRole('button', { name: 'Mark as read: Document rejected' }).click();
  await expect(page.getByRole('link', { name: 'Notifications, 1 unread' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Only unread' }).check();
  await expect(page).toHaveURL(/\/notifications\?unread=true$/);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(['Unread: Document approved']);
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByText('Nothing unread.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await checkPage(page, 'notifications-all-read');

  // Without SMTP the server keeps the emails it sent in the development mailbox.
  await page.goto('/dev/mailbox');
  await page.getByLabel('Recipient contains').fill(professional.email);
  const mails = page.getByRole('listitem');
  await expect(mails.filter({ hasText: 'Document approved' })).toHaveCount(1);
  await mails.filter({ hasText: 'Document rejected' }).getByText('Document rejected').click();
  await expect(mails.filter({ hasText: 'Document rejected' })).toContainText('The photo is too small to read');
  await checkPage(page, 'dev-mailbox');
});
