import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, registerUser, uniqueEmail, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, makeVerifiedProfessional } from '../../../test/support/profile-factories.js';

let t: TestApp;
let admin: RegisteredUser;
beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

const listUsers = async (query: string) => {
  const response = await call(t.app, 'GET', `/admin/users?${query}`, { token: admin.accessToken });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as {
    items: { id: string; name: string; role: string; status: string; verified: boolean | null }[];
    nextCursor: string | null;
  };
};

describe('the users list', () => {
  it('finds people by part of their name, email or phone in any accepted form', async () => {
    const user = await registerUser(t.app, { name: 'Kisakye Florence', email: uniqueEmail('florence.k'), phone: '0704 555 321' });
    for (const search of ['kisakye', 'FLORENCE', 'florence.k', '0704555321', '704 555', '+256704555321']) {
      expect(
        (await listUsers(`search=${encodeURIComponent(search)}`)).items.map((item) => item.id),
        search,
      ).toContain(user.id);
    }
    expect((await listUsers('search=%25')).items).toEqual([]);
    expect((await listUsers('search=_')).items).toEqual([]);
  });

  it('filters by role, status and verification, newest first, page by page', async () => {
    const verified = await makeVerifiedProfessional(t.app, admin);
    const unverified = await registerUser(t.app, { role: 'professional', name: 'Opio Denis' });
    const institution = await registerUser(t.app, { role: 'institution' });

    const verifiedIds = (await listUsers('verified=true&limit=100')).items.map((item) => item.id);
    expect(verifiedIds).toContain(verified.id);
    expect(verifiedIds).not.toContain(unverified.id);
    const pending = await listUsers('verified=false&limit=100');
    expect(pending.items.map((item) => item.id)).toContain(unverified.id);
    expect(pending.items.every((item) => item.role === 'professional' && item.verified === false)).toBe(true);
    expect((await listUsers('role=institution&limit=100')).items.map((item) => item.id)).toContain(institution.id);

    await call(t.app, 'POST', `/admin/users/${institution.id}/suspend`, { token: admin.accessToken, body: { reason: 'Unpaid shifts' } });
    const suspended = await listUsers('status=suspended');
    expect(suspended.items.map((item) => [item.id, item.status])).toEqual([[institution.id, 'suspended']]);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await listUsers(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    }
    const all = (await listUsers('limit=100')).items.map((item) => item.id);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('is for administrators only, and rejects nonsense filters', async () => {
    const user = await registerUser(t.app);
    expect((await call(t.app, 'GET', '/admin/users')).status).toBe(401);
    expect((await call(t.app, 'GET', '/admin/users', { token: user.accessToken })).status).toBe(403);
    expect((await call(t.app, 'GET', '/admin/users?role=superuser', { token: admin.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', '/admin/users?cursor=1%20OR%201=1', { token: admin.accessToken })).status).toBe(422);
  });
});

describe('the audit log', () => {
  it('lists admin actions newest first with who, what, why and from where, filtered and paged', async () => {
    const first = await registerUser(t.app);
    const second = await registerUser(t.app);
    await call(t.app, 'POST', `/admin/users/${first.id}/suspend`, { token: admin.accessToken, body: { reason: 'Reported twice' } });
    await call(t.app, 'POST', `/admin/users/${first.id}/activate`, { token: admin.accessToken, body: { reason: 'Cleared by review' } });
    await call(t.app, 'POST', `/admin/users/${second.id}/suspend`, { token: admin.accessToken, body: { reason: 'Fake NIN' } });

    const forFirst = await call(t.app, 'GET', `/admin/audit?targetType=user&targetId=${first.id}`, { token: admin.accessToken });
    expect(forFirst.body.items.map((entry: { action: string; reason: string }) => [entry.action, entry.reason])).toEqual([
      ['user.activate', 'Cleared by review'],
      ['user.suspend', 'Reported twice'],
    ]);
    expect(forFirst.body.items[0]).toMatchObject({ actor: { id: admin.id, name: 'Test Admin' }, ip: '127.0.0.1' });

    const suspensions = await call(t.app, 'GET', `/admin/audit?action=user.suspend&actorId=${admin.id}&limit=1`, {
      token: admin.accessToken,
    });
    expect(suspensions.body.items).toHaveLength(1);
    expect(suspensions.body.items[0].targetId).toBe(second.id);
    const next = await call(
      t.app,
      'GET',
      `/admin/audit?action=user.suspend&actorId=${admin.id}&limit=1&cursor=${suspensions.body.nextCursor}`,
      {
        token: admin.accessToken,
      },
    );
    expect(next.body.items[0].targetId).toBe(first.id);

    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await call(t.app, 'GET', `/admin/audit?from=${encodeURIComponent(future)}`, { token: admin.accessToken })).body.items).toEqual(
      [],
    );
    const someone = await registerUser(t.app);
    expect((await call(t.app, 'GET', '/admin/audit', { token: someone.accessToken })).status).toBe(403);
  });

  it('names the people, documents and jobs entries are about, and finds entries by a name or email of who did it or whom it was about', async () => {
    const suspended = await registerUser(t.app, { name: 'Achieng Grace', email: uniqueEmail('grace.achieng') });
    await call(t.app, 'POST', `/admin/users/${suspended.id}/suspend`, { token: admin.accessToken, body: { reason: 'Shared account' } });
    const professional = await makeVerifiedProfessional(t.app, admin);
    const institution = await makeInstitution(t.app, { name: 'Gulu Parents School' });
    const job = await postJob(t.app, institution.accessToken, { role: 'teacher', date: '2027-03-04' });
    await call(t.app, 'POST', `/admin/jobs/${job.body.id}/cancel`, { token: admin.accessToken, body: { reason: 'Duplicate posting' } });
    const audit = async (query: string) => {
      const response = await call(t.app, 'GET', `/admin/audit?${query}`, { token: admin.accessToken });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body.items as { action: string; targetId: string; actor: unknown; subject: unknown }[];
    };

    const actor = { id: admin.id, name: 'Test Admin', email: admin.email };
    expect(await audit(`subject=${encodeURIComponent('achieng')}`)).toMatchObject([
      {
        action: 'user.suspend',
        actor,
        subject: {
          kind: 'user',
          id: suspended.id,
          label: 'Achieng Grace',
          person: { id: suspended.id, name: 'Achieng Grace', email: suspended.email },
        },
      },
    ]);
    expect((await audit(`subject=${encodeURIComponent(suspended.email.toUpperCase())}`)).map((entry) => entry.targetId)).toEqual([
      suspended.id,
    ]);
    const professionalPerson = { id: professional.id, name: 'Nakato Sarah', email: professional.email };
    expect(await audit(`subject=${encodeURIComponent(professional.email)}&action=document.approve`)).toMatchObject([
      {
        subject: {
          kind: 'document',
          id: professional.credentialDocumentId,
          label: 'Nakato Sarah’s certificate',
          person: professionalPerson,
        },
      },
      {
        subject: {
          kind: 'document',
          id: professional.ninDocumentId,
          label: 'Nakato Sarah’s National ID (NIN)',
          person: professionalPerson,
        },
      },
    ]);
    expect((await audit(`subject=${encodeURIComponent(institution.email)}`)).map((entry) => entry.targetId)).toEqual([job.body.id]);
    expect(await audit('subject=gulu%20parents')).toMatchObject([
      {
        action: 'job.cancel',
        subject: {
          kind: 'job',
          id: job.body.id,
          label: 'Teacher at Gulu Parents School, 4 Mar 2027',
          person: { id: institution.id, email: institution.email },
        },
      },
    ]);

    const byAdmin = await audit(`actor=${encodeURIComponent(admin.email)}&limit=100`);
    expect(byAdmin.map((entry) => entry.targetId)).toEqual(expect.arrayContaining([suspended.id, job.body.id, professional.ninDocumentId]));
    expect((await audit('actor=test%20admin&limit=100')).length).toBe(byAdmin.length);
    expect(await audit('actor=Achieng')).toEqual([]);
    expect((await call(t.app, 'GET', `/admin/audit?actor=${'x'.repeat(101)}`, { token: admin.accessToken })).status).toBe(422);
  });

  it('cannot be changed or deleted, even with direct SQL', async () => {
    await expect(t.ctx.db.execute(sql`UPDATE audit_log SET reason = 'rewritten'`)).rejects.toThrow();
    await expect(t.ctx.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });
});
