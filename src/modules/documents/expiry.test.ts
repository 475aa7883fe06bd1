import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addYears, kampalaDateOf } from '../../contracts/time.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { markPaid, nextKampalaDate, postJob, startShift } from '../../../test/support/job-factories.js';
import {
  licenceExpiry,
  makeInstitution,
  makeProfessional,
  makeVerifiedProfessional,
  sampleFiles,
  uploadDocument,
  type Professional,
} from '../../../test/support/profile-factories.js';
import { queuedTasks } from '../../../test/support/queue.js';
import { deliverNotificationTask } from '../notifications/tasks.js';
import { runCredentialExpiry } from './expiry.js';

let t: TestApp;
let admin: RegisteredUser;

// No workers: each test runs the daily task's function itself, at the instant it names.
beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

const today = () => kampalaDateOf(new Date());
const daysFromToday = (days: number) => kampalaDateOf(new Date(Date.now() + days * 86_400_000));

async function upload(professional: Professional, docType: string): Promise<string> {
  const response = await uploadDocument(t.app, professional.accessToken, { docType, file: sampleFiles.pdf() });
  expect(response.status).toBe(201);
  return response.body.id;
}

const approve = (id: string, body?: Record<string, unknown>) =>
  call(t.app, 'POST', `/admin/documents/${id}/approve`, { token: admin.accessToken, body });

/** A nurse verified by an approved NIN and a licence expiring on `expiresOn`; returns her and the licence's id. */
async function nurseWithLicence(expiresOn: string): Promise<{ nurse: Professional; licenceId: string }> {
  const nurse = await makeProfessional(t.app, { roles: ['nurse'], skills: [] });
  expect((await approve(await upload(nurse, 'nin'))).status).toBe(200);
  const licenceId = await upload(nurse, 'license');
  const approved = await approve(licenceId, { expiresOn });
  expect(approved.body).toMatchObject({ status: 'approved', expiresOn, professionalVerified: true });
  return { nurse, licenceId };
}

async function myDocument(professional: Professional, id: string) {
  const list = await call(t.app, 'GET', '/me/documents', { token: professional.accessToken });
  return list.body.items.find((item: { id: string }) => item.id === id);
}

async function noticesOf(user: RegisteredUser, type: string) {
  const list = await call(t.app, 'GET', '/notifications?limit=100', { token: user.accessToken });
  expect(list.status).toBe(200);
  return list.body.items.filter((notice: { type: string }) => notice.type === type);
}

describe('approving with an expiry date', () => {
  it('requires a licence’s expiry, after today in Kampala: 422 without one, for today or a past day, and nothing is stored', async () => {
    const professional = await makeProfessional(t.app);
    const licence = await upload(professional, 'license');
    const queue = await call(t.app, 'GET', '/admin/documents?limit=100', { token: admin.accessToken });
    const queued = queue.body.items.find((item: { id: string }) => item.id === licence);
    expect(queued.suggestedExpiresOn).toBe(addYears(today(), 3));
    for (const body of [undefined, {}, { expiresOn: today() }, { expiresOn: daysFromToday(-1) }, { expiresOn: '2031-02-30' }]) {
      const refused = await approve(licence, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors.map((error: { path: string }) => error.path)).toEqual(['expiresOn']);
    }
    expect(await myDocument(professional, licence)).toMatchObject({ status: 'pending', expiresOn: null, decidedAt: null });

    const tomorrow = daysFromToday(1);
    expect((await approve(licence, { expiresOn: tomorrow })).body).toMatchObject({ status: 'approved', expiresOn: tomorrow });
    expect(await myDocument(professional, licence)).toMatchObject({ status: 'approved', expiresOn: tomorrow });
  });

  it('takes an optional expiry for a certificate and refuses one for a NIN', async () => {
    const professional = await makeProfessional(t.app);
    const lasting = await upload(professional, 'certificate');
    expect((await approve(lasting)).body).toMatchObject({ status: 'approved', expiresOn: null });
    const dated = await upload(professional, 'certificate');
    expect((await approve(dated, { expiresOn: '2030-12-31' })).body).toMatchObject({ status: 'approved', expiresOn: '2030-12-31' });

    const nin = await upload(professional, 'nin');
    const queue = await call(t.app, 'GET', '/admin/documents?limit=100', { token: admin.accessToken });
    expect(queue.body.items.find((item: { id: string }) => item.id === nin).suggestedExpiresOn).toBeNull();
    const refused = await approve(nin, { expiresOn: '2035-01-01' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ path: 'expiresOn', message: 'A NIN is approved without an expiry date' }]);
    expect((await myDocument(professional, nin)).status).toBe('pending');
    expect((await approve(nin)).body).toMatchObject({ status: 'approved', expiresOn: null, professionalVerified: true });
  });

  it('answers 401 and 403 before reading the body', async () => {
    const professional = await makeProfessional(t.app);
    const licence = await upload(professional, 'license');
    const url = `/admin/documents/${licence}/approve`;
    expect((await call(t.app, 'POST', url, { body: { expiresOn: 'soon' } })).status).toBe(401);
    expect((await call(t.app, 'POST', url, { token: professional.accessToken, body: { expiresOn: 'soon' } })).status).toBe(403);
    expect((await myDocument(professional, licence)).status).toBe('pending');
  });
});

describe('the expiry day, in Kampala time', () => {
  it('comes at midnight in Kampala (21:00 UTC the day before), not a second earlier', async () => {
    const { nurse, licenceId } = await nurseWithLicence('2040-03-10');

    // 23:59:59 on 9 March in Kampala: the licence still counts.
    await runCredentialExpiry(t.ctx, new Date('2040-03-09T20:59:59Z'));
    expect((await myDocument(nurse, licenceId)).status).toBe('approved');
    expect((await call(t.app, 'GET', '/me', { token: nurse.accessToken })).body.verification.verified).toBe(true);

    // Still 9 March in UTC, already 10 March in Kampala: it expires.
    expect((await runCredentialExpiry(t.ctx, new Date('2040-03-09T21:00:00Z'))).expired).toBe(1);
    expect((await myDocument(nurse, licenceId)).status).toBe('expired');
    const me = await call(t.app, 'GET', '/me', { token: nurse.accessToken });
    expect(me.body.verification).toMatchObject({ verified: false, missing: ['credential', 'license'] });
    const [notice] = await noticesOf(nurse, 'document.expired');
    expect(notice).toMatchObject({ data: { documentId: licenceId, expiresOn: '2040-03-10', verified: false } });
    expect(notice.body).toMatch(
      /^Your practising licence expired on .*10 Mar.* 2040\. You cannot accept shifts until a new one is approved\./,
    );
  });

  it('expires what a late run finds past its day, once: a second run changes nothing', async () => {
    const { nurse, licenceId } = await nurseWithLicence('2041-05-01');
    await runCredentialExpiry(t.ctx, new Date('2041-05-20T06:00:00Z'));
    expect((await myDocument(nurse, licenceId)).status).toBe('expired');
    expect(await runCredentialExpiry(t.ctx, new Date('2041-05-20T06:00:00Z'))).toEqual({ expired: 0, reminded: 0, lapsed: 0 });
    expect(await noticesOf(nurse, 'document.expired')).toHaveLength(1);
  });
});

describe('expiry reminders', () => {
  it('go out exactly 30 and 7 days before (Kampala days), each once, in the app and to the delivery channels', async () => {
    const { nurse, licenceId } = await nurseWithLicence('2042-06-30');
    const reminders = async () =>
      (await noticesOf(nurse, 'document.expiring')).map((notice: { data: { daysLeft: number } }) => notice.data.daysLeft);

    // 31 days before, to the last second in Kampala (31 May 2042 begins at 30 May 21:00 UTC).
    await runCredentialExpiry(t.ctx, new Date('2042-05-30T20:59:59Z'));
    expect(await reminders()).toEqual([]);
    await runCredentialExpiry(t.ctx, new Date('2042-05-30T21:00:00Z'));
    expect(await reminders()).toEqual([30]);
    await runCredentialExpiry(t.ctx, new Date('2042-05-31T18:00:00Z'));
    await runCredentialExpiry(t.ctx, new Date('2042-06-22T12:00:00Z'));
    expect(await reminders()).toEqual([30]);

    await runCredentialExpiry(t.ctx, new Date('2042-06-22T21:00:00Z'));
    expect(await reminders()).toEqual([7, 30]);
    await runCredentialExpiry(t.ctx, new Date('2042-06-29T20:59:59Z'));
    expect(await reminders()).toEqual([7, 30]);
    expect((await myDocument(nurse, licenceId)).status).toBe('approved');

    const [latest] = await noticesOf(nurse, 'document.expiring');
    expect(latest.body).toMatch(/^Your practising licence expires on .*30 Jun.* 2042, in 7 days\. Upload the renewed one/);
    expect(await queuedTasks(t.ctx, deliverNotificationTask.name, { notificationId: latest.id })).toHaveLength(1);
  });

  it('catch up a missed reminder once, and never send the 30-day one after the 7-day one', async () => {
    const { nurse } = await nurseWithLicence('2043-09-30');
    const reminders = async () =>
      (await noticesOf(nurse, 'document.expiring')).map((notice: { data: { daysLeft: number } }) => notice.data.daysLeft);
    await runCredentialExpiry(t.ctx, new Date('2043-09-10T06:00:00Z'));
    expect(await reminders()).toEqual([20]);
    await runCredentialExpiry(t.ctx, new Date('2043-09-27T06:00:00Z'));
    await runCredentialExpiry(t.ctx, new Date('2043-09-28T06:00:00Z'));
    expect(await reminders()).toEqual([3, 20]);
  });
});

describe('an expired licence', () => {
  it('un-verifies the nurse at once: accept is refused, institutions with her future shifts are told; a renewed licence restores her', async () => {
    const institution = await makeInstitution(t.app);
    const nurse = await makeVerifiedProfessional(t.app, admin, { roles: ['nurse'], skills: [] });
    const nurseJob = (weeksAhead: number) =>
      postJob(t.app, institution.accessToken, { role: 'nurse', skills: [], date: nextKampalaDate(1, 2 + 7 * weeksAhead) });
    const assigned = (await nurseJob(0)).body.id;
    const paid = (await nurseJob(1)).body.id;
    const started = (await nurseJob(2)).body.id;
    const open = (await nurseJob(3)).body.id;
    for (const id of [assigned, paid, started]) {
      expect((await call(t.app, 'POST', `/jobs/${id}/accept`, { token: nurse.accessToken })).status).toBe(200);
    }
    await markPaid(t.ctx, paid);
    await markPaid(t.ctx, started);
    await startShift(t.ctx, started);

    // Her licence's day comes (today in Kampala); the daily task runs.
    await t.ctx.db.execute(sql`UPDATE documents SET expires_on = ${today()} WHERE id = ${nurse.credentialDocumentId}`);
    await runCredentialExpiry(t.ctx, new Date());

    expect((await myDocument(nurse, nurse.credentialDocumentId)).status).toBe('expired');
    const refused = await call(t.app, 'POST', `/jobs/${open}/accept`, { token: nurse.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.type).toContain('not-verified');
    const told = await noticesOf(institution, 'job.assignee_unverified');
    expect(told.map((notice: { data: { jobId: string } }) => notice.data.jobId).sort()).toEqual([assigned, paid].sort());
    expect(told[0].body).toMatch(
      /^Nakato Sarah, who holds the nurse shift on .*, is no longer verified: their practising licence expired\./,
    );
    expect(await noticesOf(nurse, 'document.expired')).toHaveLength(1);

    const renewal = await upload(nurse, 'license');
    expect((await approve(renewal, { expiresOn: licenceExpiry() })).body.professionalVerified).toBe(true);
    expect((await call(t.app, 'POST', `/jobs/${open}/accept`, { token: nurse.accessToken })).status).toBe(200);
  });

  it('is what a nurse or midwife needs: a certificate is not enough for them, and is for a teacher', async () => {
    const teacher = await makeVerifiedProfessional(t.app, admin);
    expect((await call(t.app, 'GET', '/me', { token: teacher.accessToken })).body.verification).toMatchObject({
      verified: true,
      missing: [],
    });

    // The teacher becomes a midwife too: without a licence she is no longer verified.
    const profile = await call(t.app, 'GET', '/me', { token: teacher.accessToken });
    const { roles, skills, bio, experienceYears, rateAmount, rateUnit, district, availability } = profile.body.professional;
    const saved = await call(t.app, 'PUT', '/me/professional', {
      token: teacher.accessToken,
      body: { roles: [...roles, 'midwife'], skills, bio, experienceYears, rateAmount, rateUnit, district, availability },
    });
    expect(saved.body.verified).toBe(false);
    expect((await call(t.app, 'GET', '/me', { token: teacher.accessToken })).body.verification).toMatchObject({
      verified: false,
      missing: ['license'],
    });
    const licence = await upload(teacher, 'license');
    expect((await approve(licence, { expiresOn: addYears(today(), 3) })).body.professionalVerified).toBe(true);
  });
});
