import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { notify } from '../../src/modules/notifications/service.js';
import type { AppContext } from '../../src/platform/context.js';
import type { Api } from '../../src/platform/http.js';
import { createAdmin, registerUser, type RegisteredUser } from './factories.js';
import { call } from './http.js';

export interface SampleData {
  professional: RegisteredUser;
  institution: RegisteredUser;
  admin: RegisteredUser;
}

/**
 * Something in every table the foundation defines, through the API where it can be (users, sessions,
 * refresh tokens, consents, audit entries, rate-limit buckets) and by direct inserts for the rest;
 * with unicode, quotes, arrays, JSON and NULLs, so a lossy copy shows.
 */
export async function makeSampleData(app: Api, ctx: AppContext): Promise<SampleData> {
  const professional = await registerUser(app, { name: 'Nakato Ssekandi-Nalubega', role: 'professional' });
  const institution = await registerUser(app, { name: "St. Mary's Kisubi", role: 'institution' });
  const admin = await createAdmin(app, ctx);
  for (const action of ['suspend', 'activate']) {
    const response = await call(app, 'POST', `/admin/users/${professional.id}/${action}`, {
      token: admin.accessToken,
      body: { reason: `Backup test: ${action} — ünïcödé ✓` },
    });
    if (response.status !== 200) throw new Error(`${action} failed: ${response.status}`);
  }
  const relogin = await call(app, 'POST', '/auth/login', { body: { email: professional.email, password: professional.password } });
  await call(app, 'POST', '/auth/login', { body: { email: institution.email, password: 'wrong password' } });

  await ctx.db.execute(sql`
    INSERT INTO professionals (user_id, bio, roles, skills, experience_years, rate_amount, rate_unit, district)
    VALUES (${professional.id}, ${'Nurse; 10 yrs at Mulago — “careful”, O’Brien\nsecond line'}, ARRAY['nurse','midwife'], ARRAY['triage'], 10, 25000, 'day', 'Kampala')`);
  await ctx.db.execute(sql`
    INSERT INTO professional_availability (professional_id, weekday, start_minute, end_minute)
    VALUES (${professional.id}, 1, 480, 1020), (${professional.id}, 3, 0, 1440)`);
  await ctx.db.execute(sql`INSERT INTO professional_blackouts (professional_id, date) VALUES (${professional.id}, '2026-12-25')`);
  await ctx.db.execute(sql`
    INSERT INTO institutions (user_id, name, type, address, district, contact_name, contact_phone)
    VALUES (${institution.id}, ${"St. Mary's Kisubi"}, 'school', 'Entebbe Road', 'Wakiso', 'Br. Okello', '+256772000111')`);
  await ctx.db.transaction(async (tx) => {
    await notify(ctx, tx, {
      userId: professional.id,
      type: 'job.accepted',
      data: { jobId: randomUUID(), professionalName: 'Ṅakato ẞ 🙂' },
    });
  });
  return { professional: { ...professional, accessToken: relogin.body.accessToken }, institution, admin };
}
