import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Objects } from '../src/platform/s3-objects.js';
import type { ObjectBackend } from '../src/platform/storage.js';
import { startTestApp, type TestApp } from './support/app.js';
import { createAdmin, type RegisteredUser } from './support/factories.js';
import { call } from './support/http.js';
import { eventually } from './support/pesapal.js';
import { makeProfessional, sampleFiles, uploadDocument } from './support/profile-factories.js';
import { startTestS3, type TestS3 } from './support/s3.js';

// Several machines: two API instances and a worker instance on one database, each with its own
// DATA_DIR, sharing only the database and the S3-compatible bucket (a real s3rver).
let s3: TestS3;
let bucket: ObjectBackend;
let apiA: TestApp;
let apiB: TestApp;
let worker: TestApp;
let admin: RegisteredUser;

beforeAll(async () => {
  s3 = await startTestS3();
  bucket = createS3Objects(s3.settings);
  const shared = { ...s3.env, JWT_SECRET: randomBytes(32).toString('hex'), ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  apiA = await startTestApp({ env: shared });
  apiB = await startTestApp({ env: shared, databaseName: apiA.databaseName });
  worker = await startTestApp({ env: shared, databaseName: apiA.databaseName, workers: true });
  admin = await createAdmin(apiA.app, apiA.ctx);
});

afterAll(async () => {
  await worker?.close();
  await apiB?.close();
  await apiA?.close();
  bucket?.close();
  await s3?.close();
});

async function uploadNin(api: TestApp, token: string, marker: string): Promise<string> {
  const uploaded = await uploadDocument(api.app, token, {
    docType: 'nin',
    file: sampleFiles.pdf(marker),
    filename: 'nin.pdf',
    number: 'CM90012345678K',
  });
  expect(uploaded.status).toBe(201);
  return uploaded.body.id;
}

describe('documents in an S3-compatible bucket', () => {
  it('one API instance serves the file another received, and the bucket holds only ciphertext', async () => {
    const professional = await makeProfessional(apiA.app);
    const documentId = await uploadNin(apiA, professional.accessToken, 'MARKER-SHARED-STORE');

    const served = await apiB.app.inject({
      url: `/api/v1/documents/${documentId}/file`,
      headers: { authorization: `Bearer ${admin.accessToken}` },
    });
    expect(served.statusCode).toBe(200);
    expect(served.rawPayload.equals(sampleFiles.pdf('MARKER-SHARED-STORE'))).toBe(true);

    const stored = await bucket.read(`documents/${professional.id}/${documentId}`);
    expect(stored).toBeDefined();
    expect(stored!.includes('MARKER-SHARED-STORE')).toBe(false);
    expect(existsSync(path.join(apiA.dataDir, 'uploads'))).toBe(false);
  });

  it('a worker instance deletes an erased user’s files from the bucket', async () => {
    const professional = await makeProfessional(apiA.app);
    const keys: string[] = [];
    for (const marker of ['ERASED-ONE', 'ERASED-TWO']) {
      const documentId = await uploadNin(apiA, professional.accessToken, marker);
      keys.push(`documents/${professional.id}/${documentId}`);
    }
    expect(await bucket.read(keys[1]!)).toBeDefined();

    const erased = await call(apiB.app, 'DELETE', '/me', { token: professional.accessToken });
    expect(erased.status).toBe(204);
    await eventually(async () => (await Promise.all(keys.map((key) => bucket.read(key)))).every((bytes) => bytes === undefined), 20_000);
  });
});
