import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { documentForm, makeInstitution, makeProfessional, sampleFiles, uploadDocument } from '../../../test/support/profile-factories.js';

let t: TestApp;
let admin: RegisteredUser;

beforeAll(async () => {
  t = await startTestApp({ captureLogs: true });
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

const userUploads = (userId: string) => path.join(t.dataDir, 'uploads', 'documents', userId);
const storedFile = (userId: string, documentId: string) => path.join(userUploads(userId), documentId);

async function documentRows(userId: string) {
  const result = await t.ctx.db.execute(sql`SELECT id, status, number_encrypted AS "numberEncrypted", storage_key AS "storageKey", sha256 FROM documents WHERE user_id = ${userId} ORDER BY created_at`);
  return rowsOf<{ id: string; status: string; numberEncrypted: string | null; storageKey: string | null; sha256: string | null }>(result);
}

async function auditOf(documentId: string) {
  const result = await t.ctx.db.execute(sql`SELECT actor_id AS "actorId", action, ip, reason, details FROM audit_log WHERE target_type = 'document' AND target_id = ${documentId} ORDER BY id`);
  return rowsOf<{ actorId: string; action: string; ip: string; reason: string | null; details: Record<string, unknown> }>(result);
}

async function notificationsOf(userId: string) {
  const result = await t.ctx.db.execute(sql`SELECT type, data FROM notifications WHERE user_id = ${userId} ORDER BY created_at`);
  return rowsOf<{ type: string; data: Record<string, unknown> }>(result);
}

async function expectNothingStored(userId: string) {
  expect(await documentRows(userId)).toEqual([]);
  expect(existsSync(userUploads(userId)) ? readdirSync(userUploads(userId)) : []).toEqual([]);
}

describe('POST /me/documents', () => {
  it('stores a NIN for review: encrypted file and number, masked hint, hash of the plaintext', async () => {
    const professional = await makeProfessional(t.app);
    const file = sampleFiles.pdf('MARKER-NIN-SCAN-4471');
    const response = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file, filename: 'my nin.pdf', number: 'cm90012345678k' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      docType: 'nin',
      status: 'pending',
      numberHint: 'CM••••••••••8K',
      mime: 'application/pdf',
      size: file.length,
      originalName: 'my nin.pdf',
      rejectionReason: null,
      decidedAt: null,
      warnings: [],
    });

    const [row] = await documentRows(professional.id);
    expect(row!.id).toBe(response.body.id);
    expect(row!.numberEncrypted).not.toContain('CM90012345678K');
    expect(Buffer.from(row!.numberEncrypted!, 'base64').includes('CM90012345678K')).toBe(false);
    expect(row!.sha256).toBe(createHash('sha256').update(file).digest('hex'));

    const onDisk = readFileSync(storedFile(professional.id, response.body.id));
    expect(onDisk.includes('MARKER-NIN-SCAN-4471')).toBe(false);
    expect(onDisk.includes('%PDF')).toBe(false);

    const back = await t.app.inject({ url: `/api/v1/documents/${response.body.id}/file`, headers: { authorization: `Bearer ${professional.accessToken}` } });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(file)).toBe(true);
  });

  it('decides the type by content: a PNG named .pdf is stored as a PNG, a JPEG as a JPEG', async () => {
    const professional = await makeProfessional(t.app);
    const png = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.png(), filename: 'diploma.pdf', declaredType: 'application/pdf' });
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ mime: 'image/png', originalName: 'diploma.pdf' });
    const jpeg = await uploadDocument(t.app, professional.accessToken, { docType: 'license', file: sampleFiles.jpeg(), filename: 'licence', declaredType: 'text/plain', number: 'UNMC/RN/12345', expiresOn: '2031-06-30' });
    expect(jpeg.status).toBe(201);
    expect(jpeg.body).toMatchObject({ mime: 'image/jpeg', numberHint: 'UN•••••••••45', expiresOn: '2031-06-30' });
  });

  it.each([
    ['a renamed .exe', sampleFiles.exe(), /EXE/],
    ['plain text', Buffer.from('I am definitely a PDF, trust me'), /not recognised/],
    ['a ZIP archive', Buffer.from('504b0304140000000800000021000000000000000000000000000000', 'hex'), /PDF, JPEG or PNG/],
  ])('answers 415 for %s named .pdf and stores nothing', async (_label, file, detail) => {
    const professional = await makeProfessional(t.app);
    const response = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file, filename: 'certificate.pdf', declaredType: 'application/pdf' });
    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.detail).toMatch(detail);
    await expectNothingStored(professional.id);
  });

  it('answers 413 for a 6 MB file and accepts one of exactly 5 MB', async () => {
    const professional = await makeProfessional(t.app);
    const big = Buffer.concat([sampleFiles.pdf(), Buffer.alloc(6 * 1024 * 1024)]);
    const tooBig = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ status: 413, detail: 'The file is larger than 5 MB' });
    await expectNothingStored(professional.id);

    const pdf = sampleFiles.pdf();
    const limit = Buffer.concat([pdf, Buffer.alloc(5 * 1024 * 1024 - pdf.length, 0x20)]);
    const atLimit = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: limit });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body.size).toBe(5 * 1024 * 1024);
  });

  it.each([
    ['an empty file', { docType: 'nin', file: Buffer.alloc(0) }, 'file'],
    ['no file', { docType: 'nin' }, 'file'],
    ['no docType', { docType: '' as string, file: sampleFiles.pdf() }, 'docType'],
    ['an unknown docType', { docType: 'passport', file: sampleFiles.pdf() }, 'docType'],
    ['a 13-character NIN', { docType: 'nin', number: 'CM9001234567K', file: sampleFiles.pdf() }, 'number'],
    ['a NIN with a space', { docType: 'nin', number: 'CM900123 5678K', file: sampleFiles.pdf() }, 'number'],
    ['an injection as licence number', { docType: 'license', number: "x'; DROP TABLE documents;--", file: sampleFiles.pdf() }, 'number'],
    ['an impossible expiry date', { docType: 'license', expiresOn: '2030-02-31', file: sampleFiles.pdf() }, 'expiresOn'],
    ['an expiry date in the past', { docType: 'license', expiresOn: '2020-01-01', file: sampleFiles.pdf() }, 'expiresOn'],
  ])('answers 422 for %s and stores nothing', async (_label, input, path) => {
    const professional = await makeProfessional(t.app);
    const response = await uploadDocument(t.app, professional.accessToken, input);
    expect(response.status).toBe(422);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    await expectNothingStored(professional.id);
  });

  it('accepts a NIN outside the usual CM/CF pattern, with a warning', async () => {
    const professional = await makeProfessional(t.app);
    const response = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf(), number: 'AB12345678901Z' });
    expect(response.status).toBe(201);
    expect(response.body.warnings).toEqual([expect.stringContaining('CM or CF')]);
  });

  it('refuses JSON (415) and a second file (422)', async () => {
    const professional = await makeProfessional(t.app);
    const json = await call(t.app, 'POST', '/me/documents', { token: professional.accessToken, body: { docType: 'nin', file: 'JVBERi0xLjQ=' } });
    expect(json.status).toBe(415);
    const form = documentForm({ docType: 'certificate', file: sampleFiles.pdf() });
    form.append('file', new Blob([sampleFiles.png()], { type: 'image/png' }), 'second.png');
    const twoFiles = await call(t.app, 'POST', '/me/documents', { token: professional.accessToken, body: form });
    expect(twoFiles.status).toBe(422);
    await expectNothingStored(professional.id);
  });

  it('keeps only a printable last segment of the file name, and gives it back exactly', async () => {
    const professional = await makeProfessional(t.app);
    const response = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf(), filename: 'C:\\scans\\Diplôme d’État (2019)\u202e.pdf' });
    expect(response.body.originalName).toBe('Diplôme d’État (2019).pdf');
    const file = await t.app.inject({ url: `/api/v1/documents/${response.body.id}/file`, headers: { authorization: `Bearer ${professional.accessToken}` } });
    expect(file.headers['content-disposition']).toBe(`attachment; filename="Dipl_me d__tat (2019).pdf"; filename*=UTF-8''Dipl%C3%B4me%20d%E2%80%99%C3%89tat%20%282019%29.pdf`);
  });

  it('is for professionals only: 401 without a token, 403 for institutions and admins', async () => {
    const institution = await makeInstitution(t.app);
    const input = { docType: 'nin', file: sampleFiles.pdf() };
    expect((await call(t.app, 'POST', '/me/documents', { body: documentForm(input) })).status).toBe(401);
    expect((await uploadDocument(t.app, institution.accessToken, input)).status).toBe(403);
    expect((await uploadDocument(t.app, admin.accessToken, input)).status).toBe(403);
    await expectNothingStored(institution.id);
  });
});

describe('re-uploading a document type', () => {
  it('replaces the pending one: superseded, its file forgotten and queued for deletion', async () => {
    const professional = await makeProfessional(t.app);
    const first = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf('first'), number: 'CM90012345678K' });
    const second = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.png() });
    expect(second.status).toBe(201);

    const mine = await call(t.app, 'GET', '/me/documents', { token: professional.accessToken });
    expect(mine.body.items.map((item: any) => [item.id, item.status])).toEqual([
      [second.body.id, 'pending'],
      [first.body.id, 'superseded'],
    ]);
    const file = await call(t.app, 'GET', `/documents/${first.body.id}/file`, { token: professional.accessToken });
    expect(file.status).toBe(404);
    expect(file.body.type).toContain('document-file-gone');

    const queued = await t.ctx.db.execute(sql`SELECT data FROM pgboss.job WHERE name = 'documents.delete-stored-files' AND data->'storageKeys' ? ${`documents/${professional.id}/${first.body.id}`}`);
    expect(rowsOf(queued)).toHaveLength(1);
  });

  it('leaves exactly one pending document when uploads of one type race', async () => {
    const professional = await makeProfessional(t.app);
    const responses = await Promise.all([1, 2, 3, 4].map((n) => uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf(`race-${n}`) })));
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const statuses = (await documentRows(professional.id)).map((row) => row.status).sort();
    expect(statuses).toEqual(['pending', 'superseded', 'superseded', 'superseded']);
  });
});

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
    const secondPage = await call(t.app, 'GET', `/me/documents?limit=2&cursor=${firstPage.body.nextCursor}`, { token: professional.accessToken });
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
    expect((await call(t.app, 'GET', '/documents/00000000-0000-4000-8000-000000000000/file', { token: admin.accessToken })).status).toBe(404);
    expect((await call(t.app, 'GET', '/documents/..%2F..%2Fetc%2Fpasswd/file', { token: admin.accessToken })).status).toBe(404);
  });

  it('fails cleanly, without leaking, when the stored ciphertext was tampered with', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf('TAMPER-MARKER') });
    const onDisk = storedFile(professional.id, uploaded.body.id);
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
    const nin = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf(), number: 'CF12345678901A' });
    const certificate = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.png() });

    const items: any[] = [];
    let cursor: string | null = null;
    do {
      const response: any = await call(t.app, 'GET', `/admin/documents?limit=3${cursor ? `&cursor=${cursor}` : ''}`, { token: admin.accessToken });
      expect(response.status).toBe(200);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);
    expect(items.every((item) => item.status === 'pending')).toBe(true);
    const created = items.map((item) => item.createdAt);
    expect(created).toEqual([...created].sort());
    expect(items.indexOf(items.find((item) => item.id === nin.body.id))).toBeLessThan(items.indexOf(items.find((item) => item.id === certificate.body.id)));
    expect(items.find((item) => item.id === nin.body.id)).toMatchObject({ userId: professional.id, professionalName: 'Nakato Sarah', number: 'CF12345678901A', numberHint: 'CF••••••••••1A' });

    expect(await auditOf(nin.body.id)).toEqual([{ actorId: admin.id, action: 'document.read', ip: '127.0.0.1', reason: null, details: { part: 'number', userId: professional.id } }]);
    expect(await auditOf(certificate.body.id)).toEqual([]);
  });

  it('filters by status, and is for admins only', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });
    await call(t.app, 'POST', `/admin/documents/${uploaded.body.id}/reject`, { token: admin.accessToken, body: { reason: 'Blurred scan' } });
    const rejected = await call(t.app, 'GET', '/admin/documents?status=rejected&limit=100', { token: admin.accessToken });
    expect(rejected.body.items.find((item: any) => item.id === uploaded.body.id)).toMatchObject({ status: 'rejected', rejectionReason: 'Blurred scan' });

    expect((await call(t.app, 'GET', '/admin/documents?status=lost', { token: admin.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', '/admin/documents')).status).toBe(401);
    expect((await call(t.app, 'GET', '/admin/documents', { token: professional.accessToken })).status).toBe(403);
  });
});

describe('admin decisions', () => {
  it('approves: audited, the professional notified in the same transaction', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf(), number: 'CM90012345678K' });
    const approved = await call(t.app, 'POST', `/admin/documents/${uploaded.body.id}/approve`, { token: admin.accessToken });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: uploaded.body.id, status: 'approved', userId: professional.id, professionalVerified: false, decidedAt: expect.any(String) });

    expect(await notificationsOf(professional.id)).toEqual([{ type: 'document.approved', data: { documentId: uploaded.body.id, docType: 'nin', verified: false } }]);
    expect(await auditOf(uploaded.body.id)).toEqual([
      { actorId: admin.id, action: 'document.approve', ip: '127.0.0.1', reason: null, details: { userId: professional.id, docType: 'nin', professionalVerified: false } },
    ]);
    const queued = await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM pgboss.job j JOIN notifications n ON j.data->>'notificationId' = n.id::text WHERE n.user_id = ${professional.id}`);
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
    expect(mine.body.items[0]).toMatchObject({ id: uploaded.body.id, status: 'rejected', rejectionReason: 'The name does not match the account' });
    expect(await notificationsOf(professional.id)).toEqual([
      { type: 'document.rejected', data: { documentId: uploaded.body.id, docType: 'certificate', verified: false, reason: 'The name does not match the account' } },
    ]);
    expect((await auditOf(uploaded.body.id)).map((entry) => [entry.action, entry.reason])).toEqual([['document.reject', 'The name does not match the account']]);
  });

  it('answers 409 for a document already decided or superseded, 404 for one that does not exist', async () => {
    const professional = await makeProfessional(t.app);
    const approved = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    await call(t.app, 'POST', `/admin/documents/${approved.body.id}/approve`, { token: admin.accessToken });
    const superseded = await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });
    await uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf() });

    for (const id of [approved.body.id, superseded.body.id]) {
      for (const [action, body] of [['approve', undefined], ['reject', { reason: 'Changed my mind' }]] as const) {
        const response = await call(t.app, 'POST', `/admin/documents/${id}/${action}`, { token: admin.accessToken, body });
        expect(response.status, `${action} ${id}`).toBe(409);
        expect(response.body.type).toContain('document-not-pending');
      }
    }
    expect((await call(t.app, 'POST', '/admin/documents/00000000-0000-4000-8000-000000000000/approve', { token: admin.accessToken })).status).toBe(404);
    expect((await call(t.app, 'POST', '/admin/documents/42/reject', { token: admin.accessToken, body: { reason: 'Nope nope' } })).status).toBe(404);
  });

  it('will not approve a document that expired while it waited', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'license', file: sampleFiles.pdf(), expiresOn: '2099-01-01' });
    await t.ctx.db.execute(sql`UPDATE documents SET expires_on = current_date - 2 WHERE id = ${uploaded.body.id}`);
    const response = await call(t.app, 'POST', `/admin/documents/${uploaded.body.id}/approve`, { token: admin.accessToken });
    expect(response.status).toBe(409);
    expect(response.body.type).toContain('document-expired');
  });

  it('lets exactly one of two simultaneous approvals through', async () => {
    const professional = await makeProfessional(t.app);
    const uploaded = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() });
    const base = await t.listen();
    const approve = () => fetch(`${base}/api/v1/admin/documents/${uploaded.body.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${admin.accessToken}` } });
    const statuses = (await Promise.all([approve(), approve()])).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 409]);
    expect((await auditOf(uploaded.body.id)).map((entry) => entry.action)).toEqual(['document.approve']);
    expect(await notificationsOf(professional.id)).toHaveLength(1);
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
    await call(t.app, 'POST', `/admin/users/${professional.id}/suspend`, { token: admin.accessToken, body: { reason: 'Forged documents' } });
    expect((await call(t.app, 'GET', `/documents/${uploaded.body.id}/file`, { token: professional.accessToken })).status).toBe(403);
    expect((await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.pdf() })).status).toBe(403);
  });
});
