import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startRuntime } from '../src/runtime.js';
import { createAdmin } from './support/factories.js';
import { call } from './support/http.js';
import { runCredentialExpiry } from '../src/modules/documents/expiry.js';
import { makeVerifiedProfessional, sampleFiles } from './support/profile-factories.js';

const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-pglite-documents-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('profiles and documents on the embedded PGlite database', () => {
  it('saves a profile, uploads, approves and verifies, then serves the decrypted file', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_WORKERS: 'false' });
    const runtime = await startRuntime(config, { inMemory: true });
    const app = await buildApp(runtime.ctx);
    try {
      const admin = await createAdmin(app, runtime.ctx);
      const professional = await makeVerifiedProfessional(app, admin, { district: 'Gulu City' });
      const me = await call(app, 'GET', '/me', { token: professional.accessToken });
      expect(me.body.verification).toEqual({ verified: true, documents: { pending: 0, approved: 2, rejected: 0 }, missing: [] });
      const file = await app.inject({
        url: `/api/v1/documents/${professional.ninDocumentId}/file`,
        headers: { authorization: `Bearer ${admin.accessToken}` },
      });
      expect(file.rawPayload.equals(sampleFiles.pdf())).toBe(true);
      const queue = await call(app, 'GET', '/admin/professionals?verified=true', { token: admin.accessToken });
      expect(queue.body.items.map((item: { id: string }) => item.id)).toEqual([professional.id]);
    } finally {
      await app.close();
      await runtime.close();
    }
  }, 120_000);

  // Migration 0036 adds the `expired` status in the same transaction as every other migration of a new database.
  it('expires a licence on its day and un-verifies the nurse', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', RUN_WORKERS: 'false' });
    const runtime = await startRuntime(config, { inMemory: true });
    const app = await buildApp(runtime.ctx);
    try {
      const admin = await createAdmin(app, runtime.ctx);
      const nurse = await makeVerifiedProfessional(app, admin, { roles: ['nurse'], skills: [] });
      const licence = (await call(app, 'GET', '/me/documents', { token: nurse.accessToken })).body.items.find(
        (item: { id: string }) => item.id === nurse.credentialDocumentId,
      );
      expect(licence).toMatchObject({ docType: 'license', status: 'approved' });

      const run = await runCredentialExpiry(runtime.ctx, new Date(`${licence.expiresOn}T00:00:00+03:00`));
      expect(run.expired).toBe(1);
      const documents = await call(app, 'GET', '/me/documents', { token: nurse.accessToken });
      expect(documents.body.items.map((item: { docType: string; status: string }) => [item.docType, item.status]).sort()).toEqual([
        ['license', 'expired'],
        ['nin', 'approved'],
      ]);
      const me = await call(app, 'GET', '/me', { token: nurse.accessToken });
      expect(me.body.verification).toMatchObject({ verified: false, missing: ['credential', 'license'] });
    } finally {
      await app.close();
      await runtime.close();
    }
  }, 120_000);
});
