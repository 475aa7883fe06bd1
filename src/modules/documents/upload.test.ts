import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { documentRowsOf, storedFilePath, userUploadsDir } from '../../../test/support/document-queries.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
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

const documentRows = (userId: string) => documentRowsOf(t, userId);
const storedFile = (userId: string, documentId: string) => storedFilePath(t, userId, documentId);

async function expectNothingStored(userId: string) {
  expect(await documentRows(userId)).toEqual([]);
  const dir = userUploadsDir(t, userId);
  expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
}

describe('POST /me/documents', () => {
  it('stores a NIN for review: encrypted file and number, masked hint, hash of the plaintext', async () => {
    const professional = await makeProfessional(t.app);
    const file = sampleFiles.pdf('MARKER-NIN-SCAN-4471');
    const response = await uploadDocument(t.app, professional.accessToken, {
      docType: 'nin',
      file,
      filename: 'my nin.pdf',
      number: 'cm90012345678k',
    });
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

    const back = await t.app.inject({
      url: `/api/v1/documents/${response.body.id}/file`,
      headers: { authorization: `Bearer ${professional.accessToken}` },
    });
    expect(back.statusCode).toBe(200);
    expect(back.rawPayload.equals(file)).toBe(true);
  });

  it('decides the type by content: a PNG named .pdf is stored as a PNG, a JPEG as a JPEG', async () => {
    const professional = await makeProfessional(t.app);
    const png = await uploadDocument(t.app, professional.accessToken, {
      docType: 'certificate',
      file: sampleFiles.png(),
      filename: 'diploma.pdf',
      declaredType: 'application/pdf',
    });
    expect(png.status).toBe(201);
    expect(png.body).toMatchObject({ mime: 'image/png', originalName: 'diploma.pdf' });
    const jpeg = await uploadDocument(t.app, professional.accessToken, {
      docType: 'license',
      file: sampleFiles.jpeg(),
      filename: 'licence',
      declaredType: 'text/plain',
      number: 'UNMC/RN/12345',
      expiresOn: '2031-06-30',
    });
    expect(jpeg.status).toBe(201);
    expect(jpeg.body).toMatchObject({ mime: 'image/jpeg', numberHint: 'UN•••••••••45', expiresOn: '2031-06-30' });
  });

  it.each([
    ['a renamed .exe', sampleFiles.exe(), /EXE/],
    ['plain text', Buffer.from('I am definitely a PDF, trust me'), /not recognised/],
    ['a ZIP archive', Buffer.from('504b0304140000000800000021000000000000000000000000000000', 'hex'), /PDF, JPEG or PNG/],
  ])('answers 415 for %s named .pdf and stores nothing', async (_label, file, detail) => {
    const professional = await makeProfessional(t.app);
    const response = await uploadDocument(t.app, professional.accessToken, {
      docType: 'certificate',
      file,
      filename: 'certificate.pdf',
      declaredType: 'application/pdf',
    });
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
    const response = await uploadDocument(t.app, professional.accessToken, {
      docType: 'nin',
      file: sampleFiles.pdf(),
      number: 'AB12345678901Z',
    });
    expect(response.status).toBe(201);
    expect(response.body.warnings).toEqual([expect.stringContaining('CM or CF')]);
  });

  it('refuses JSON (415) and a second file (422)', async () => {
    const professional = await makeProfessional(t.app);
    const json = await call(t.app, 'POST', '/me/documents', {
      token: professional.accessToken,
      body: { docType: 'nin', file: 'JVBERi0xLjQ=' },
    });
    expect(json.status).toBe(415);
    const form = documentForm({ docType: 'certificate', file: sampleFiles.pdf() });
    form.append('file', new Blob([sampleFiles.png()], { type: 'image/png' }), 'second.png');
    const twoFiles = await call(t.app, 'POST', '/me/documents', { token: professional.accessToken, body: form });
    expect(twoFiles.status).toBe(422);
    await expectNothingStored(professional.id);
  });

  it('keeps only a printable last segment of the file name, and gives it back exactly', async () => {
    const professional = await makeProfessional(t.app);
    const response = await uploadDocument(t.app, professional.accessToken, {
      docType: 'certificate',
      file: sampleFiles.pdf(),
      filename: 'C:\\scans\\Diplôme d’État (2019)\u202e.pdf',
    });
    expect(response.body.originalName).toBe('Diplôme d’État (2019).pdf');
    const file = await t.app.inject({
      url: `/api/v1/documents/${response.body.id}/file`,
      headers: { authorization: `Bearer ${professional.accessToken}` },
    });
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Dipl_me d__tat (2019).pdf"; filename*=UTF-8''Dipl%C3%B4me%20d%E2%80%99%C3%89tat%20%282019%29.pdf`,
    );
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
    const first = await uploadDocument(t.app, professional.accessToken, {
      docType: 'nin',
      file: sampleFiles.pdf('first'),
      number: 'CM90012345678K',
    });
    const second = await uploadDocument(t.app, professional.accessToken, { docType: 'nin', file: sampleFiles.png() });
    expect(second.status).toBe(201);

    const mine = await call(t.app, 'GET', '/me/documents', { token: professional.accessToken });
    expect(mine.body.items.map((item: any) => [item.id, item.status])).toEqual([
      [second.body.id, 'pending'],
      [first.body.id, 'superseded'],
    ]);
    expect(mine.body.items[1].numberHint).toBe('CM••••••••••8K');
    const [firstRow] = await documentRows(professional.id);
    expect(firstRow).toMatchObject({ id: first.body.id, numberEncrypted: null, storageKey: null });
    const file = await call(t.app, 'GET', `/documents/${first.body.id}/file`, { token: professional.accessToken });
    expect(file.status).toBe(404);
    expect(file.body.type).toContain('document-file-gone');

    const queued = await t.ctx.db.execute(
      sql`SELECT data FROM pgboss.job WHERE name = 'documents.delete-stored-files' AND data->'storageKeys' ? ${`documents/${professional.id}/${first.body.id}`}`,
    );
    expect(rowsOf(queued)).toHaveLength(1);
  });

  it('leaves exactly one pending document when uploads of one type race', async () => {
    const professional = await makeProfessional(t.app);
    const responses = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        uploadDocument(t.app, professional.accessToken, { docType: 'certificate', file: sampleFiles.pdf(`race-${n}`) }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201]);
    const statuses = (await documentRows(professional.id)).map((row) => row.status).sort();
    expect(statuses).toEqual(['pending', 'superseded', 'superseded', 'superseded']);
  });
});
