import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { professionalVerified, storedFilePath } from '../../../test/support/document-queries.js';
import { createAdmin, registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import {
  makeProfessional,
  makeVerifiedProfessional,
  sampleFiles,
  uploadDocument,
  validProfessionalProfile,
} from '../../../test/support/profile-factories.js';
import { expireVerificationsTask } from './tasks.js';
import { deleteUserDocuments } from './service.js';

let t: TestApp;
let admin: RegisteredUser;

// Workers run here: stored files are deleted by the queue, as in production.
beforeAll(async () => {
  t = await startTestApp({ workers: true });
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

const storedFile = (userId: string, documentId: string) => storedFilePath(t, userId, documentId);
const verified = (userId: string) => professionalVerified(t, userId);

async function upload(token: string, docType: string, extra: Record<string, string> = {}): Promise<string> {
  const response = await uploadDocument(t.app, token, { docType, file: sampleFiles.pdf(), ...extra });
  expect(response.status).toBe(201);
  return response.body.id;
}

async function approve(id: string, expiresOn?: string) {
  const response = await call(t.app, 'POST', `/admin/documents/${id}/approve`, {
    token: admin.accessToken,
    body: expiresOn ? { expiresOn } : undefined,
  });
  expect(response.status).toBe(200);
  return response.body;
}

async function reject(id: string) {
  const response = await call(t.app, 'POST', `/admin/documents/${id}/reject`, {
    token: admin.accessToken,
    body: { reason: 'Unreadable scan' },
  });
  expect(response.status).toBe(200);
  return response.body;
}

async function statusOf(id: string): Promise<string> {
  const result = await t.ctx.db.execute(sql`SELECT status FROM documents WHERE id = ${id}`);
  return rowsOf<{ status: string }>(result)[0]!.status;
}

describe('the verified flag', () => {
  it('needs an approved NIN and an approved certificate or licence', async () => {
    const professional = await makeProfessional(t.app);
    const nin = await upload(professional.accessToken, 'nin');
    const license = await upload(professional.accessToken, 'license', { expiresOn: '2099-12-31' });
    expect((await approve(nin)).professionalVerified).toBe(false);
    expect(await verified(professional.id)).toBe(false);
    expect((await approve(license, '2099-12-31')).professionalVerified).toBe(true);
    expect(await verified(professional.id)).toBe(true);
    expect((await call(t.app, 'GET', `/professionals/${professional.id}`, { token: admin.accessToken })).body.verified).toBe(true);
  });

  it('does not come from two credentials without a NIN, nor from a rejected NIN', async () => {
    const professional = await makeProfessional(t.app);
    await approve(await upload(professional.accessToken, 'certificate'));
    await approve(await upload(professional.accessToken, 'license'), '2099-12-31');
    expect(await verified(professional.id)).toBe(false);
    expect((await reject(await upload(professional.accessToken, 'nin'))).professionalVerified).toBe(false);
    expect(await verified(professional.id)).toBe(false);
    const me = await call(t.app, 'GET', '/me', { token: professional.accessToken });
    expect(me.body.verification).toEqual({ verified: false, documents: { pending: 0, approved: 2, rejected: 1 }, missing: ['nin'] });
  });

  it('follows a rejection, then the approved replacement', async () => {
    const professional = await makeProfessional(t.app);
    await approve(await upload(professional.accessToken, 'nin'));
    await reject(await upload(professional.accessToken, 'certificate'));
    expect(await verified(professional.id)).toBe(false);
    await approve(await upload(professional.accessToken, 'certificate'));
    expect(await verified(professional.id)).toBe(true);
  });

  it('survives a replacement upload until the replacement is decided; the old approval then gives way', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    const replacement = await upload(professional.accessToken, 'nin', { number: 'CF98765432109Z' });
    expect(await verified(professional.id)).toBe(true);
    expect(await statusOf(professional.ninDocumentId)).toBe('approved');

    await reject(replacement);
    expect(await verified(professional.id)).toBe(true);
    expect(await statusOf(professional.ninDocumentId)).toBe('approved');

    const second = await upload(professional.accessToken, 'nin');
    expect((await approve(second)).professionalVerified).toBe(true);
    expect(await statusOf(professional.ninDocumentId)).toBe('superseded');
    expect(await statusOf(second)).toBe('approved');
    expect((await call(t.app, 'GET', `/documents/${professional.ninDocumentId}/file`, { token: professional.accessToken })).status).toBe(
      404,
    );
    // The superseded file is deleted from disk by the queue once the approval commits.
    await vi.waitFor(() => expect(existsSync(storedFile(professional.id, professional.ninDocumentId))).toBe(false), {
      timeout: 15_000,
      interval: 100,
    });
    expect(existsSync(storedFile(professional.id, second))).toBe(true);
  });

  it('ends verified when the NIN and the certificate are approved at the same moment', async () => {
    const base = await t.listen();
    const approveOverHttp = (id: string) =>
      fetch(`${base}/api/v1/admin/documents/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${admin.accessToken}` } });
    const professionals = await Promise.all([0, 1, 2, 3, 4].map(() => makeProfessional(t.app)));
    for (const professional of professionals) {
      const documents = [await upload(professional.accessToken, 'nin'), await upload(professional.accessToken, 'certificate')];
      const responses = await Promise.all(documents.map(approveOverHttp));
      expect(responses.map((response) => response.status)).toEqual([200, 200]);
    }
    for (const professional of professionals) expect(await verified(professional.id)).toBe(true);
  });

  it('counts documents approved before the profile existed once the profile is saved', async () => {
    const user = await registerUser(t.app, { role: 'professional' });
    await approve(await upload(user.accessToken, 'nin'));
    await approve(await upload(user.accessToken, 'certificate'));
    const saved = await call(t.app, 'PUT', '/me/professional', { token: user.accessToken, body: validProfessionalProfile() });
    expect(saved.body.verified).toBe(true);
    expect(saved.body.verifiedAt).toEqual(expect.any(String));
  });
});

describe('expiry', () => {
  it('un-verifies, in the daily job, professionals whose credential expired or expires today, and no one else', async () => {
    const lapsing = await makeProfessional(t.app);
    await approve(await upload(lapsing.accessToken, 'nin'));
    const lapsingLicense = await upload(lapsing.accessToken, 'license');
    await approve(lapsingLicense, '2099-06-30');
    const lastDay = await makeProfessional(t.app);
    await approve(await upload(lastDay.accessToken, 'nin'));
    const lastDayLicense = await upload(lastDay.accessToken, 'license');
    await approve(lastDayLicense, '2099-06-30');
    const dayBefore = await makeProfessional(t.app);
    await approve(await upload(dayBefore.accessToken, 'nin'));
    const dayBeforeLicense = await upload(dayBefore.accessToken, 'license');
    await approve(dayBeforeLicense, '2099-06-30');
    const lasting = await makeVerifiedProfessional(t.app, admin);
    expect(await Promise.all([lapsing, lastDay, dayBefore, lasting].map((one) => verified(one.id)))).toEqual([true, true, true, true]);

    // Time passes: one licence expired yesterday (Kampala), one expires today, one tomorrow.
    const kampalaToday = sql`(now() AT TIME ZONE 'Africa/Kampala')::date`;
    await t.ctx.db.execute(sql`UPDATE documents SET expires_on = ${kampalaToday} - 1 WHERE id = ${lapsingLicense}`);
    await t.ctx.db.execute(sql`UPDATE documents SET expires_on = ${kampalaToday} WHERE id = ${lastDayLicense}`);
    await t.ctx.db.execute(sql`UPDATE documents SET expires_on = ${kampalaToday} + 1 WHERE id = ${dayBeforeLicense}`);
    await t.ctx.queue.send(undefined, expireVerificationsTask, {});
    await vi.waitFor(async () => expect([await verified(lapsing.id), await verified(lastDay.id)]).toEqual([false, false]), {
      timeout: 15_000,
      interval: 100,
    });

    expect([await statusOf(lapsingLicense), await statusOf(lastDayLicense), await statusOf(dayBeforeLicense)]).toEqual([
      'expired',
      'expired',
      'approved',
    ]);
    expect([await verified(dayBefore.id), await verified(lasting.id)]).toEqual([true, true]);
    const me = await call(t.app, 'GET', '/me', { token: lapsing.accessToken });
    expect(me.body.verification).toMatchObject({ verified: false, missing: ['credential'] });
    expect(me.body.professional).toMatchObject({ verified: false, verifiedAt: null });
  });

  it('is scheduled daily just after midnight, Kampala time', async () => {
    const result = await t.ctx.db.execute(
      sql`SELECT cron, options->>'tz' AS tz FROM pgboss.schedule WHERE name = ${expireVerificationsTask.name}`,
    );
    expect(rowsOf(result)).toEqual([{ cron: '5 0 * * *', tz: 'Africa/Kampala' }]);
  });
});

describe('deleteUserDocuments (erasure)', () => {
  it('strips every document, un-verifies, and deletes the files once the transaction commits', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    const pending = await upload(professional.accessToken, 'license', { number: 'UNMC/RN/555' });
    const ids = [professional.ninDocumentId, professional.credentialDocumentId, pending];

    await t.ctx.db.transaction((tx) => deleteUserDocuments(t.ctx, tx, professional.id));

    const rows = await t.ctx.db.execute(
      sql`SELECT status, number_encrypted, number_hint, storage_key, original_name, sha256, rejection_reason FROM documents WHERE user_id = ${professional.id}`,
    );
    expect(rowsOf(rows)).toEqual(
      ids.map(() => ({
        status: 'superseded',
        number_encrypted: null,
        number_hint: null,
        storage_key: null,
        original_name: null,
        sha256: null,
        rejection_reason: null,
      })),
    );
    expect(await verified(professional.id)).toBe(false);
    for (const id of ids) {
      await vi.waitFor(() => expect(existsSync(storedFile(professional.id, id))).toBe(false), { timeout: 15_000, interval: 100 });
    }
    const queue = await call(t.app, 'GET', '/admin/documents?limit=100', { token: admin.accessToken });
    expect(queue.body.items.map((item: any) => item.id)).not.toContain(pending);
  });

  it('changes nothing when the caller’s transaction rolls back', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await deleteUserDocuments(t.ctx, tx, professional.id);
        throw new Error('erasure failed later');
      }),
    ).rejects.toThrow('erasure failed later');
    expect(await verified(professional.id)).toBe(true);
    expect(await statusOf(professional.ninDocumentId)).toBe('approved');
    const file = await t.app.inject({
      url: `/api/v1/documents/${professional.ninDocumentId}/file`,
      headers: { authorization: `Bearer ${professional.accessToken}` },
    });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(sampleFiles.pdf())).toBe(true);
  });
});
