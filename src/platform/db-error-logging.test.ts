import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/support/app.js';
import { createAdmin, STRONG_PASSWORD, uniqueEmail, uniquePhone } from '../../test/support/factories.js';
import { call } from '../../test/support/http.js';

// Personal data stays out of the logs (Uganda's Data Protection and Privacy Act asks for data
// minimisation): a failed statement is logged by its error code, constraint and name only.
let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ captureLogs: true });
}, 60_000);

afterAll(async () => {
  await testApp?.close();
});

/** The forms a phone number is written in: as typed (0772…), international (+256772…) and without the plus. */
const phoneForms = (local: string) => [local, `+256${local.slice(1)}`, `256${local.slice(1)}`, local.slice(1)];

describe('a failing statement in the log', () => {
  it('names its error code, constraint and statement, and never the phone number or email it carried', async () => {
    const phone = uniquePhone();
    const email = uniqueEmail('private');
    // This file's own database refuses the row, so the real INSERT of a sign-up fails in PostgreSQL.
    const constraint = 'test_refuses_this_phone';
    // DDL takes no parameters: the number (digits only) is written into the statement.
    await testApp.ctx.db.execute(
      sql.raw(`ALTER TABLE users ADD CONSTRAINT ${constraint} CHECK (phone <> '+256${phone.slice(1)}') NOT VALID`),
    );
    const mark = testApp.logs.length;

    const response = await call(testApp.app, 'POST', '/auth/register', {
      body: { name: 'Namutebi Grace', email, phone, password: STRONG_PASSWORD, role: 'professional', consent: true },
    });

    expect(response.status).toBe(500);
    const logged = testApp.logs.slice(mark).join('\n');
    const failure = testApp.logs
      .slice(mark)
      .map((line) => JSON.parse(line) as { msg: string; err?: Record<string, unknown> })
      .find((entry) => entry.msg === 'request failed');
    expect(failure?.err).toMatchObject({
      type: 'DatabaseError',
      code: '23514',
      constraint,
      table: 'users',
      statement: expect.stringMatching(/^q_/),
    });
    for (const secret of [email, ...phoneForms(phone)]) expect(logged).not.toContain(secret);
    expect(logged).not.toContain('params');
  });

  it('keeps what an administrator searched for out of the request line', async () => {
    const admin = await createAdmin(testApp.app, testApp.ctx);
    const searched = uniqueEmail('searched');
    const mark = testApp.logs.length;
    const response = await call(testApp.app, 'GET', `/admin/users?search=${encodeURIComponent(searched)}&role=professional`, {
      token: admin.accessToken,
    });
    expect(response.status).toBe(200);
    const logged = testApp.logs.slice(mark).join('\n');
    expect(logged).toContain('search=[redacted]&role=professional');
    expect(logged).not.toContain(searched.split('@')[0]);
  });
});
