import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startRuntime } from '../src/runtime.js';
import { createAdmin } from './support/factories.js';
import { call } from './support/http.js';
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
});
