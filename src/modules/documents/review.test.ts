import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { documentAuditOf, documentRowsOf, notificationsOf, storedFilePath } from '../../../test/support/document-queries.js';
import { createAdmin, registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeInstitution, makeProfessional, sampleFiles, uploadDocument } from '../../../test/support/profile-factories.js';

let t: TestApp;
let admin: RegisteredUser;

beforeAll(async () => {
  t = await startTestApp({ captureLogs: true });
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

const documentRows = (userId: string) => documentRowsOf(t, userId);
const auditOf = (documentId: string) => documentAuditOf(t, documentId);
const notifications = (userId: string) => notificationsOf(t, userId);

describe('GET /me/documents', () => {
  it('lists the caller’s documents newest first, page by page, and never anyone else’s', async () => {
    const professional = await makeProfessional(t.app);
    const other = await makeProfessional(t.app);
    const othersDocument = await uploadDocument(t.app, other.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    const ids: string[] = [];
    for (const docType of ['nin', 'certificate', 'license']) {
      ids.unshift((await uploadDocument(t.app, professional.accessToken, { docType, file: sampleFiles.pdf() })).body.id);
    }
    const firstPage = await call(t.app, 'GET', '/me/documents?limit=2', { token: professional.accessToken });
    expect(firstPage.body.items.map((item: any) => item.id)).toEqual(ids.slice(0, 2));
    const secondPage = await call(t.app, 'GET', `/me/documents?limit=2&cursor=${firstPage.body.nextCursor}`, {
      token: professional.accessToken,
    });
    expect(secondPage.body).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
    expect(JSON.stringify([firstPage.body, secondPage.body])).not.toContain(othersDocument.body.id);
  });

  it('gives a professional without documents an empty list', async () => {
    const professional = await registerUser(t.app, { role: 'professional' });
    expect((await call(t.app, 'GET', '/me/documents', { token: professional.accessToken })).body).toEqual({ items: [], nextCursor: null });
  });

  it('is for professionals only', async () => {
    const institution = await makeInstitution(t.app);
    expect((await call(t.app, 'GET', '/me/documents')).status).toBe(401);
    expect((await call(t.app, 'GET', '/me/documents', { token: institution.accessToken })).status).toBe(403);
    expect((await call(t.app, 'GET', '/me/documents', { token: admin.accessToken })).status).toBe(403);
  });
});

describe('GET /documents/{id}/file', () => {
  it('streams the file to its owner unaudited, and to an admin with an audit entry', async () => {
    const professional = await makeProfessional(t.app);
    const file = sampleFiles.png();
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file });
    const url = `/api/v1/documents/${uploaded.body.id}/file`;

    const own = await t.app.inject({ url, headers: { authorization: `Bearer ${professional.accessToken}` } });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('image/png');
    expect(own.headers['cache-control']).toBe('private, no-store');
    expect(own.rawPayload.equals(file)).toBe(true);
    expect(await auditOf(uploaded.body.id)).toEqual([]);

    const asAdmin = await t.app.inject({ url, headers: { authorization: `Bearer ${admin.accessToken}` }, remoteAddress: '41.210.150.7' });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.rawPayload.equals(file)).toBe(true);
    expect(await auditOf(uploaded.body.id)).toEqual([
      { actorId: admin.id, action: 'document.read', ip: '41.210.150.7', reason: null, details: { part: 'file', userId: professional.id } },
    ]);
  });

  it('answers 404 to everyone else, and 401 without a token', async () => {
    const professional = await makeProfessional(t.app);
    const other = await makeProfessional(t.app);
    const institution = await makeInstitution(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf('SECRET-CONTENT') });
    for (const token of [other.accessToken, institution.accessToken]) {
      const response = await call(t.app, 'GET', `/documents/${uploaded.body.id}/file`, { token });
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toContain('SECRET-CONTENT');
    }
    expect((await call(t.app, 'GET', `/documents/${uploaded.body.id}/file`)).status).toBe(401);
    expect((await call(t.app, 'GET', '/documents/00000000-0000-4000-8000-000000000000/file', { token: admin.accessToken })).status).toBe(
      404,
    );
    expect((await call(t.app, 'GET', '/documents/..%2F..%2Fetc%2Fpasswd/file', { token: admin.accessToken })).status).toBe(404);
  });

  it('fails cleanly, without leaking, when the stored ciphertext was tampered with', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf('TAMPER-MARKER') });
    const onDisk = storedFilePath(t, professional.id, uploaded.body.id);
    const bytes = readFileSync(onDisk);
    bytes[bytes.length - 10]! ^= 0x01;
    writeFileSync(onDisk, bytes);

    const response = await call(t.app, 'GET', `/documents/${uploaded.body.id}/file`, { token: professional.accessToken });
    expect(response.status).toBe(500);
    expect(response.body.detail).toBe('Something went wrong on our side; it has been logged');
    expect(JSON.stringify(response.body)).not.toContain('TAMPER-MARKER');
    expect(t.logs.some((line) => line.includes(`${uploaded.body.id} failed to decrypt`) && line.includes('integrity check'))).toBe(true);
  });
});

describe('the admin queue', () => {
  it('lists pending documents oldest first with numbers unmasked, auditing every number shown', async () => {
    const professional = await makeProfessional(t.app);
    const nin = await uploadDocument(t.app, professional.accessToken, {
      docType: 'nin',
      file: sampleFiles.pdf(),
      number: 'CF12345678901A',
    });
    const certificate = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.png() });

    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const response: any = await call(t.app, 'GET', `/admin/documents?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
        token: admin.accessToken,
      });
      expect(response.status).toBe(200);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(items.every((item) => item.status === 'pending')).toBe(true);
    const created = items.map((item) => item.createdAt);
    expect(created).toEqual([...created].sort());
    expect(items.indexOf(items.find((item) => item.id === nin.body.id))).toBeLessThan(
      items.indexOf(items.find((item) => item.id === certificate.body.id)),
    );
    expect(items.find((item) => item.id === nin.body.id)).toMatchObject({
      userId: professional.id,
      professionalName: 'Nakato Sarah',
      number: 'CF12345678901A',
      numberHint: 'CF••••••••••1A',
    });

    expect(await auditOf(nin.body.id)).toEqual([
      { actorId: admin.id, action: 'document.read', ip: '127.0.0.1', reason: null, details: { part: 'number', userId: professional.id } },
    ]);
    expect(await auditOf(certificate.body.id)).toEqual([]);
  });

  it('filters by status, and is for admins only', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });
    await call(t.app, 'POST', `/admin/documents/${uploaded.body.id}/reject`, {
      token: admin.accessToken,
      body: { reason: 'Blurred scan' },
    });
    const rejected = await call(t.app, 'GET', '/admin/documents?status=rejected&limit=100', { token: admin.accessToken });
    expect(rejected.body.items.find((item: any) => item.id === uploaded.body.id)).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Blurred scan',
    });

    expect((await call(t.app, 'GET', '/admin/documents?status=lost', { token: admin.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', '/admin/documents')).status).toBe(401);
    expect((await call(t.app, 'GET', '/admin/documents', { token: professional.accessToken })).status).toBe(403);
    expect((await call(t.app, 'GET', '/admin/documents', { token: (await makeInstitution(t.app)).accessToken })).status).toBe(403);
  });
});

describe('the same file uploaded by two accounts', () => {
  async function pendingQueue(): Promise<Map<string, any>> {
    const items = new Map<string, any>();
    let cursor: string | null = null;
    do {
      const response: any = await call(t.app, 'GET', `/admin/documents?limit=100${cursor ? `&cursor=${cursor}` : ''}`, {
        token: admin.accessToken,
      });
      expect(response.status).toBe(200);
      for (const item of response.body.items) items.set(item.id, item);
      cursor = response.body.nextCursor;
    } while (cursor);
    return items;
  }

  it('is flagged to the reviewer on both documents, never against the owner’s own uploads, until the other account is erased', async () => {
    const file = sampleFiles.pdf(`shared-${randomUUID()}`);
    const first = await makeProfessional(t.app, {}, 'Okello James');
    const second = await makeProfessional(t.app, {}, 'Auma Ruth');
    const firstNin = await uploadDocument(t.app, first.accessToken, { docType: 'nin', file });
    const firstCertificate = await uploadDocument(t.app, first.accessToken, { docType: 'certificate', file });
    const secondCertificate = await uploadDocument(t.app, second.accessToken, { docType: 'certificate', file });
    const unrelated = await uploadDocument(t.app, second.accessToken, { docType: 'nin', file: sampleFiles.pdf(`own-${randomUUID()}`) });

    const queue = await pendingQueue();
    const secondsCopy = {
      documentId: secondCertificate.body.id,
      userId: second.id,
      name: 'Auma Ruth',
      email: second.email,
      status: 'pending',
    };
    expect(queue.get(firstNin.body.id).duplicateOf).toEqual([secondsCopy]);
    expect(queue.get(firstCertificate.body.id).duplicateOf).toEqual([secondsCopy]);
    expect(queue.get(secondCertificate.body.id).duplicateOf).toEqual([
      { documentId: firstNin.body.id, userId: first.id, name: 'Okello James', email: first.email, status: 'pending' },
      { documentId: firstCertificate.body.id, userId: first.id, name: 'Okello James', email: first.email, status: 'pending' },
    ]);
    expect(queue.get(unrelated.body.id).duplicateOf).toEqual([]);

    expect((await call(t.app, 'DELETE', '/me', { token: second.accessToken })).status).toBe(204);
    expect((await pendingQueue()).get(firstNin.body.id).duplicateOf).toEqual([]);
    expect(rowsOf(await t.ctx.db.execute(sql`SELECT sha256 FROM documents WHERE user_id = ${second.id}`))).toEqual([
      { sha256: null },
      { sha256: null },
    ]);
  });
});

describe('admin decisions', () => {
  it('approves: audited, the professional notified in the same transaction', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, {
      docType: 'nin',
      file: sampleFiles.pdf(),
      number: 'CM90012345678K',
    });
    const approved = await call(t.app, 'POST', `/admin/documents/${uploaded.body.id}/approve`, { token: admin.accessToken });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: uploaded.body.id,
      status: 'approved',
      userId: professional.id,
      professionalVerified: false,
      decidedAt: expect.any(String),
    });

    expect(await notifications(professional.id)).toEqual([
      { type: 'document.approved', data: { documentId: uploaded.body.id, docType: 'nin', verified: false } },
    ]);
    expect(await auditOf(uploaded.body.id)).toEqual([
      {
        actorId: admin.id,
        action: 'document.approve',
        ip: '127.0.0.1',
        reason: null,
        details: { userId: professional.id, docType: 'nin', professionalVerified: false },
      },
    ]);
    const queued = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM pgboss.job j JOIN notifications n ON j.data->>'notificationId' = n.id::text WHERE n.user_id = ${professional.id}`,
    );
    expect(rowsOf<{ n: number }>(queued)[0]!.n).toBe(1);
  });

  it('rejects only with a reason, which the professional then sees', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });
    const url = `/admin/documents/${uploaded.body.id}/reject`;
    expect((await call(t.app, 'POST', url, { token: admin.accessToken, body: {} })).status).toBe(422);
    expect((await call(t.app, 'POST', url, { token: admin.accessToken, body: { reason: '  ' } })).status).toBe(422);
    expect((await call(t.app, 'POST', url, { token: admin.accessToken })).status).toBe(422);

    const rejected = await call(t.app, 'POST', url, { token: admin.accessToken, body: { reason: 'The name does not match the account' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'The name does not match the account' });
    const mine = await call(t.app, 'GET', '/me/documents', { token: professional.accessToken });
    expect(mine.body.items[0]).toMatchObject({
      id: uploaded.body.id,
      status: 'rejected',
      rejectionReason: 'The name does not match the account',
    });
    expect(await notifications(professional.id)).toEqual([
      {
        type: 'document.rejected',
        data: { documentId: uploaded.body.id, docType: 'certificate', verified: false, reason: 'The name does not match the account' },
      },
    ]);
    expect((await auditOf(uploaded.body.id)).map((entry) => [entry.action, entry.reason])).toEqual([
      ['document.reject', 'The name does not match the account'],
    ]);
  });

  it('answers 409 for a document already decided or superseded, 404 for one that does not exist', async () => {
    const professional = await makeProfessional(t.app);
    const approved = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    await call(t.app, 'POST', `/admin/documents/${approved.body.id}/approve`, { token: admin.accessToken });
    const superseded = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });
    await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });

    for (const id of [approved.body.id, superseded.body.id]) {
      for (const [action, body] of [
        ['approve', undefined],
        ['reject', { reason: 'Changed my mind' }],
      ] as const) {
        const response = await call(t.app, 'POST', `/admin/documents/${id}/${action}`, { token: admin.accessToken, body });
        expect(response.status, `${action} ${id}`).toBe(409);
        expect(response.body.type).toContain('document-not-pending');
      }
    }
    expect(
      (await call(t.app, 'POST', '/admin/documents/00000000-0000-4000-8000-000000000000/approve', { token: admin.accessToken })).status,
    ).toBe(404);
    expect(
      (await call(t.app, 'POST', '/admin/documents/42/reject', { token: admin.accessToken, body: { reason: 'Nope nope' } })).status,
    ).toBe(404);
  });

  it('will not approve a document that expired while it waited', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, {
      docType: 'certificate',
      file: sampleFiles.pdf(),
      expiresOn: '2099-01-01',
    });
    await t.ctx.db.execute(sql`UPDATE documents SET expires_on = current_date - 2 WHERE id = ${uploaded.body.id}`);
    const response = await call(t.app, 'POST', `/admin/documents/${uploaded.body.id}/approve`, { token: admin.accessToken });
    expect(response.status).toBe(409);
    expect(response.body.type).toContain('document-expired');
  });

  it('lets exactly one of two simultaneous approvals through', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    const base = await t.listen();
    const approve = () =>
      fetch(`${base}/api/v1/admin/documents/${uploaded.body.id}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
    const statuses = (await Promise.all([approve(), approve()])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect((await auditOf(uploaded.body.id)).map((entry) => entry.action)).toEqual(['document.approve']);
    expect(await notifications(professional.id)).toHaveLength(1);
  });

  it('are for admins only', async () => {
    const professional = await makeProfessional(t.app);
    const institution = await makeInstitution(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    for (const action of ['approve', 'reject']) {
      const url = `/admin/documents/${uploaded.body.id}/${action}`;
      const body = { reason: 'Looks fine to me' };
      expect((await call(t.app, 'POST', url, { body })).status).toBe(401);
      expect((await call(t.app, 'POST', url, { token: professional.accessToken, body })).status).toBe(403);
      expect((await call(t.app, 'POST', url, { token: institution.accessToken, body })).status).toBe(403);
    }
    expect((await documentRows(professional.id)).map((row) => row.status)).toEqual(['pending']);
  });
});

describe('an account that cannot sign in', () => {
  it('loses access to its documents at once when suspended', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    await call(t.app, 'POST', `/admin/users/${professional.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'Forged documents' },
    });
    expect((await call(t.app, 'GET', `/documents/${uploaded.body.id}/file`, { token: professional.accessToken })).status).toBe(403);
    expect((await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() })).status).toBe(403);
  });
});
