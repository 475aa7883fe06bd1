import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import { makeReadyProfessional, postJob } from '../../../test/support/job-factories.js';
import { makeInstitution, type Professional } from '../../../test/support/profile-factories.js';

let t: TestApp;
let admin: RegisteredUser;
let professional: Professional;

beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t.app, t.ctx);
  professional = await makeReadyProfessional(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

/** An open job of a fresh institution, which `deactivate` then suspends or erases. */
async function jobOfDeactivatedOwner(deactivate: (ownerId: string) => Promise<unknown>) {
  const owner = await makeInstitution(t.app);
  const job = await postJob(t.app, owner.accessToken);
  await deactivate(owner.id);
  return { owner, jobId: job.body.id as string };
}

const suspend = (ownerId: string) =>
  call(t.app, 'POST', `/admin/users/${ownerId}/suspend`, { token: admin.accessToken, body: { reason: 'Fake registration reported' } });
// An erasure soft-deletes the owner's open jobs; this is a job that outlived it (the erasure and an edit or reopening crossing).
const erase = (ownerId: string) => t.ctx.db.execute(sql`UPDATE users SET status = 'erased', erased_at = now() WHERE id = ${ownerId}`);

describe.each([
  ['suspended', suspend],
  ['erased', erase],
])('a job whose owner is %s', (_state, deactivate) => {
  it('cannot be accepted by id (404), and stays open', async () => {
    const { jobId } = await jobOfDeactivatedOwner(deactivate);
    const accept = await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken });
    expect(accept.status).toBe(404);
    expect(accept.headers['content-type']).toContain('application/problem+json');
    expect((await call(t.app, 'GET', `/jobs/${jobId}`, { token: admin.accessToken })).body).toMatchObject({
      status: 'open',
      assignee: null,
    });
  });

  it('is 404 to anyone but admins on GET /jobs/{id}', async () => {
    const { jobId } = await jobOfDeactivatedOwner(deactivate);
    expect((await call(t.app, 'GET', `/jobs/${jobId}`, { token: professional.accessToken })).status).toBe(404);
    expect((await call(t.app, 'GET', `/jobs/${jobId}`, { token: admin.accessToken })).status).toBe(200);
  });
});

it('is taken again once the owner is reinstated', async () => {
  const { owner, jobId } = await jobOfDeactivatedOwner(suspend);
  expect(
    (await call(t.app, 'POST', `/admin/users/${owner.id}/activate`, { token: admin.accessToken, body: { reason: 'Registration checked' } }))
      .status,
  ).toBe(200);
  expect((await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken })).status).toBe(200);
});
