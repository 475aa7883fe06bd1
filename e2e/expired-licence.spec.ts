import { expect, test, type APIRequestContext } from '@playwright/test';
import pg from 'pg';
import { addYears } from '../src/contracts/time.js';
import { checkPage, openFromMenu } from './support/checks.js';
import { samplePng } from './support/files.js';
import { kampalaDateIn, openBrowserPage, signedInPage, verifyProfessional } from './support/jobs.js';
import { signInAdmin } from './support/users.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface MyDocument {
  id: string;
  docType: string;
  status: string;
}

async function myDocuments(request: APIRequestContext, token: string): Promise<MyDocument[]> {
  const response = await request.get('/api/v1/me/documents', { headers: bearer(token) });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: MyDocument[] }).items;
}

/**
 * The licence's expiry day comes (today in Kampala), and the daily credential task is queued now
 * rather than at 00:05: the server's own worker runs it, as it would overnight.
 */
async function expireTodayAndRunTheDailyTask(documentId: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.QGIG_E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE documents SET expires_on = (now() AT TIME ZONE 'Africa/Kampala')::date WHERE id = $1`, [documentId]);
    await client.query(`INSERT INTO pgboss.job (name, data) VALUES ('documents.expire-verifications', '{}')`);
  } finally {
    await client.end();
  }
}

test('a nurse whose licence expired sees it and cannot accept; the admin approving her new licence enters its expiry', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const institution = await signedInPage(browser, page, 'institution');
  const postShift = async (days: number) => {
    const response = await institution.page.request.post('/api/v1/jobs', {
      headers: bearer(institution.user.accessToken),
      data: {
        role: 'nurse',
        date: kampalaDateIn(days),
        startTime: '08:00',
        endTime: '16:00',
        rateAmount: 60000,
        rateUnit: 'day',
        district: 'Mbale',
      },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const held = await postShift(40);
  const open = await postShift(41);

  const nurse = await signedInPage(browser, page, 'professional');
  await verifyProfessional(request, nurse.user.accessToken, { roles: ['nurse'], skills: [], experienceYears: 6 });
  const accepted = await request.post(`/api/v1/jobs/${held}/accept`, { headers: bearer(nurse.user.accessToken) });
  expect(accepted.status(), await accepted.text()).toBe(200);
  const licence = (await myDocuments(request, nurse.user.accessToken)).find((document) => document.docType === 'license')!;

  await expireTodayAndRunTheDailyTask(licence.id);
  await expect
    .poll(async () => (await myDocuments(request, nurse.user.accessToken)).find((document) => document.id === licence.id)?.status, {
      timeout: 30_000,
    })
    .toBe('expired');

  // The nurse sees it on her documents page…
  const pro = nurse.page;
  await pro.goto('/dashboard');
  await openFromMenu(pro, 'Documents');
  const card = pro.getByRole('region', { name: 'Uploaded' }).getByRole('listitem').filter({ hasText: 'Practising licence' });
  await expect(card).toContainText('Expired');
  await expect(card).toContainText('upload a new one');
  await expect(pro.getByText('To be verified you still need a current practising licence (nurses and midwives).')).toBeVisible();
  await checkPage(pro, 'documents-licence-expired');

  // …and cannot take another shift.
  await pro.goto(`/jobs/${open}`);
  await pro.getByRole('button', { name: 'Accept this shift' }).click();
  await expect(pro.getByRole('alert')).toContainText('Only verified professionals can accept shifts.');
  await checkPage(pro, 'accept-refused-licence-expired');

  // The institution whose shift she holds was told.
  const notices = await institution.page.request.get('/api/v1/notifications', { headers: bearer(institution.user.accessToken) });
  const told = ((await notices.json()) as { items: { type: string; data: { jobId: string } }[] }).items.filter(
    (notice) => notice.type === 'job.assignee_unverified',
  );
  expect(told.map((notice) => notice.data.jobId)).toEqual([held]);

  // She uploads the renewed licence; the admin's approval asks for its expiry.
  const form = pro.getByRole('form', { name: 'Upload a document' });
  await pro.goto('/documents');
  await form.getByRole('radio', { name: 'Practising licence' }).check();
  await form.getByLabel('File', { exact: true }).setInputFiles({ name: 'licence-2026.png', mimeType: 'image/png', buffer: samplePng() });
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(pro.getByRole('status').filter({ hasText: 'was uploaded and is waiting for review' })).toBeVisible();

  const admin = await openBrowserPage(browser, page);
  await signInAdmin(admin.request);
  await admin.goto('/dashboard');
  await openFromMenu(admin, 'Verification');
  const queued = admin.getByRole('listitem', { name: `${nurse.user.name}: Practising licence` });
  await queued.getByRole('button', { name: 'Review' }).click();
  const expiry = queued.getByLabel('Expiry date');
  await expect(expiry).toHaveValue(addYears(kampalaDateIn(0), 3));
  await expect(expiry).toHaveAccessibleDescription(/UNMC licences run 3 years/);
  await expiry.fill('');
  await queued.getByRole('button', { name: 'Approve' }).click();
  await expect(expiry).toHaveAccessibleDescription(/Enter the expiry date printed on the licence/);
  await checkPage(admin, 'verification-licence-needs-expiry');
  await expiry.fill(kampalaDateIn(700));
  await queued.getByRole('button', { name: 'Approve' }).click();
  await expect(admin.getByRole('status').filter({ hasText: `Approved: ${nurse.user.name}’s practising licence` })).toContainText(
    'now verified',
  );
  await admin.context().close();

  await pro.goto(`/jobs/${open}`);
  await pro.getByRole('button', { name: 'Accept this shift' }).click();
  await expect
    .poll(async () => (await request.get(`/api/v1/jobs/${open}`, { headers: bearer(nurse.user.accessToken) })).json())
    .toMatchObject({ status: 'assigned' });
});
