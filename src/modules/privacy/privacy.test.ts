import { existsSync, readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../contracts/privacy.js';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { userUploadsDir } from '../../../test/support/document-queries.js';
import { createAdmin, registerUser, STRONG_PASSWORD, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { eventually } from '../../../test/support/pesapal.js';
import { makeReadyProfessional, markPaid, endShift, nextKampalaDate, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, makeVerifiedProfessional } from '../../../test/support/profile-factories.js';

let t: TestApp;
let admin: RegisteredUser;
beforeAll(async () => {
  t = await startTestApp({ workers: true, captureLogs: true, listen: true });
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

/** Every text-like column of every table (pg-boss's too) that contains `needle`, as "schema.table.column". */
async function columnsContaining(needle: string): Promise<string[]> {
  const columns = rowsOf<{ schema: string; table: string; column: string }>(
    await t.ctx.db.execute(sql`
      SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
      FROM information_schema.columns c JOIN information_schema.tables tb USING (table_schema, table_name)
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND tb.table_type = 'BASE TABLE'
        AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')`),
  );
  const found: string[] = [];
  for (const { schema, table, column } of columns) {
    const result = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM ${sql.identifier(schema)}.${sql.identifier(table)} WHERE ${sql.identifier(column)}::text ILIKE ${`%${needle}%`}`,
    );
    if (rowsOf<{ n: number }>(result)[0]!.n > 0) found.push(`${schema}.${table}.${column}`);
  }
  return found;
}

describe('the data export', () => {
  it('holds the caller’s account, profile, documents, notices and who looked at them, and nothing of anyone else', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    const bystander = await registerUser(t.app, { name: 'Bystander Person' });
    await call(t.app, 'GET', `/documents/${professional.ninDocumentId}/file`, { token: admin.accessToken });

    const response = await t.app.inject({ url: '/api/v1/me/export', headers: { authorization: `Bearer ${professional.accessToken}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="qgig-export-\d{4}-\d{2}-\d{2}\.json"$/);
    const data = response.json();
    expect(data.format).toBe('qgig-export/1');
    expect(data.account.user).toMatchObject({ id: professional.id, email: professional.email, phone: professional.phone });
    expect(data.account.consents).toEqual([{ version: CONSENT_VERSION, acceptedAt: expect.any(String) }]);
    expect(data.account.sessions.length).toBeGreaterThan(0);
    expect(data.profile.professional).toMatchObject({ verified: true, roles: expect.any(Array), availability: expect.any(Array) });
    expect(data.profile.documents.map((document: { docType: string }) => document.docType).sort()).toEqual(['certificate', 'nin']);
    expect(JSON.stringify(data.profile.documents)).not.toContain('CM90012345678K');
    expect(data.notifications.map((notice: { type: string }) => notice.type)).toContain('document.approved');
    expect(data.accessLog.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['document.approve', 'document.read']),
    );

    const text = response.body;
    for (const foreign of [bystander.email, bystander.phone, bystander.id, 'Bystander Person', admin.email])
      expect(text).not.toContain(foreign);
  });

  it('needs a session', async () => {
    expect((await call(t.app, 'GET', '/me/export')).status).toBe(401);
  });
});

describe('erasure', () => {
  it('removes the person’s data everywhere, ends every session and frees the email and phone', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    const uploads = userUploadsDir(t, professional.id);
    expect(readdirSync(uploads).length).toBe(2);
    const { email, phone } = professional;
    const before = await columnsContaining(email);
    expect(before).toContain('public.users.email');

    const erased = await call(t.app, 'DELETE', '/me', { token: professional.accessToken });
    expect(erased.status).toBe(204);

    expect((await call(t.app, 'GET', '/me', { token: professional.accessToken })).status).toBe(401);
    expect((await call(t.app, 'POST', '/auth/refresh', { body: { refreshToken: professional.refreshToken } })).status).toBe(401);
    expect((await call(t.app, 'POST', '/auth/login', { body: { email, password: STRONG_PASSWORD } })).status).toBe(401);
    expect((await call(t.app, 'GET', `/professionals/${professional.id}`, { token: admin.accessToken })).status).toBe(404);

    expect(await columnsContaining(email)).toEqual([]);
    expect(await columnsContaining(phone.slice(1))).toEqual([]);
    expect(await columnsContaining('CM90012345678K')).toEqual([]);
    await eventually(() => !existsSync(uploads) || readdirSync(uploads).length === 0);

    const [row] = rowsOf<{ name: string; status: string }>(
      await t.ctx.db.execute(sql`SELECT name, status FROM users WHERE id = ${professional.id}`),
    );
    expect(row).toEqual({ name: 'Former user', status: 'erased' });
    const audit = await call(t.app, 'GET', `/admin/audit?action=user.erase&targetId=${professional.id}`, { token: admin.accessToken });
    expect(audit.body.items).toHaveLength(1);

    const again = await registerUser(t.app, { email, phone });
    expect(again.id).not.toBe(professional.id);
  });

  it('never writes the person’s contact details, NIN or password to the log', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    await call(t.app, 'GET', '/me/export', { token: professional.accessToken });
    await call(t.app, 'DELETE', '/me', { token: professional.accessToken });
    const log = t.logs.join('\n');
    expect(log).toContain('account erased');
    for (const secret of [professional.email, professional.phone, professional.phone.slice(4), 'CM90012345678K', STRONG_PASSWORD]) {
      expect(log, secret).not.toContain(secret);
    }
  });
});

describe('consent to the privacy notice', () => {
  it('publishes the notice and its version', async () => {
    const notice = await call(t.app, 'GET', '/privacy/notice');
    expect(notice.status).toBe(200);
    expect(notice.body.version).toBe(CONSENT_VERSION);
    expect(notice.body.text).toContain('Data Protection and Privacy Act');
  });

  it('asks again when the notice changed, and records the new acceptance', async () => {
    const user = await registerUser(t.app);
    expect((await call(t.app, 'GET', '/me', { token: user.accessToken })).body.consent).toMatchObject({
      version: CONSENT_VERSION,
      required: false,
    });

    await t.ctx.db.execute(sql`UPDATE consents SET version = '2025-01-01' WHERE user_id = ${user.id}`);
    const me = await call(t.app, 'GET', '/me', { token: user.accessToken });
    expect(me.body.consent).toMatchObject({ version: '2025-01-01', currentVersion: CONSENT_VERSION, required: true });

    const stale = await call(t.app, 'POST', '/me/consent', { token: user.accessToken, body: { version: '2025-01-01' } });
    expect(stale.status).toBe(409);
    expect(stale.body.type).toContain('consent-version-outdated');

    const accepted = await call(t.app, 'POST', '/me/consent', { token: user.accessToken, body: { version: CONSENT_VERSION } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ version: CONSENT_VERSION, required: false });
    const export_ = await call(t.app, 'GET', '/me/export', { token: user.accessToken });
    expect(export_.body.account.consents.map((consent: { version: string }) => consent.version)).toEqual(['2025-01-01', CONSENT_VERSION]);
  });
});

describe('erasure and the jobs, ratings and payments a person took part in', () => {
  it('is refused (409) during an active booking, and afterwards keeps ratings and payments under "Former user"', async () => {
    const institution = await makeInstitution(t.app);
    const professional = await makeReadyProfessional(t.app, t.ctx);
    const booked = await postJob(t.app, institution.accessToken);
    const stillOpen = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(3, 9) });
    await call(t.app, 'POST', `/jobs/${booked.body.id}/accept`, { token: professional.accessToken });

    for (const party of [institution, professional]) {
      const refused = await call(t.app, 'DELETE', '/me', { token: party.accessToken });
      expect(refused.status).toBe(409);
      expect(refused.body.type).toContain('active-job');
    }
    expect((await call(t.app, 'GET', '/me', { token: institution.accessToken })).status).toBe(200);

    const paid = await call(t.app, 'POST', `/jobs/${booked.body.id}/payments`, {
      token: institution.accessToken,
      body: { method: 'mobile_money', phone: '0772 987654' },
    });
    expect(paid.status).toBe(201);
    await t.ctx.db.execute(sql`UPDATE transactions SET status = 'completed' WHERE id = ${paid.body.transactionId}`);
    await markPaid(t.ctx, booked.body.id);
    await endShift(t.ctx, booked.body.id);
    await call(t.app, 'POST', `/jobs/${booked.body.id}/complete`, { token: institution.accessToken });
    await call(t.app, 'POST', `/jobs/${booked.body.id}/ratings`, {
      token: institution.accessToken,
      body: { stars: 5, comment: 'Excellent' },
    });

    const exported = await call(t.app, 'GET', '/me/export', { token: institution.accessToken });
    expect(exported.body.jobs.map((job: { id: string }) => job.id).sort()).toEqual([booked.body.id, stillOpen.body.id].sort());
    expect(exported.body.ratings).toMatchObject([{ stars: 5, raterId: institution.id, rateeId: professional.id }]);
    expect(exported.body.transactions).toMatchObject([{ id: paid.body.transactionId, status: 'completed', events: expect.any(Array) }]);

    expect((await call(t.app, 'DELETE', '/me', { token: institution.accessToken })).status).toBe(204);
    expect((await call(t.app, 'GET', `/jobs/${stillOpen.body.id}`, { token: professional.accessToken })).status).toBe(404);
    const ratings = await call(t.app, 'GET', `/professionals/${professional.id}/ratings`, { token: professional.accessToken });
    expect(ratings.body.items[0]).toMatchObject({ stars: 5, raterName: 'Former user' });
    const [payment] = rowsOf<{ payer_id: string; payer_phone: string | null; amount: number }>(
      await t.ctx.db.execute(sql`SELECT payer_id, payer_phone, amount FROM transactions WHERE id = ${paid.body.transactionId}`),
    );
    expect(payment).toEqual({ payer_id: institution.id, payer_phone: null, amount: 55_000 });
    expect(await columnsContaining('772987654')).toEqual([]);
  });
});
