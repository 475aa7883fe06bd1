import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, registerUser, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import {
  makeInstitution,
  makeProfessional,
  makeVerifiedProfessional,
  validInstitutionProfile,
  validProfessionalProfile,
} from '../../../test/support/profile-factories.js';
import { exportUserProfileData } from './service.js';

let t: TestApp;
let admin: RegisteredUser;

beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t.app, t.ctx);
});
afterAll(async () => {
  await t.close();
});

async function storedSlots(userId: string) {
  const result = await t.ctx.db.execute(
    sql`SELECT weekday, start_minute AS "startMinute", end_minute AS "endMinute" FROM professional_availability WHERE professional_id = ${userId} ORDER BY weekday, start_minute`,
  );
  return rowsOf<{ weekday: number; startMinute: number; endMinute: number }>(result);
}

describe('PUT /me/professional', () => {
  it('creates the profile, stores slots as Kampala minutes, and replaces everything on the next PUT', async () => {
    const user = await registerUser(t.app, { role: 'professional' });
    const created = await call(t.app, 'PUT', '/me/professional', {
      token: user.accessToken,
      body: validProfessionalProfile({
        roles: ['Nurse', 'MIDWIFE', 'nurse'],
        skills: [' Maternal  Care ', 'maternal care', 'Immunisation'],
        district: 'kampala',
        availability: [
          { weekday: 0, start: '18:30', end: '24:00' },
          { weekday: 1, start: '07:15', end: '12:00' },
        ],
        blackoutDates: ['2026-12-25', '2026-12-24', '2026-12-25'],
      }),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      userId: user.id,
      roles: ['nurse', 'midwife'],
      skills: ['maternal care', 'immunisation'],
      district: 'Kampala',
      rateAmount: 50_000,
      rateUnit: 'day',
      currency: 'UGX',
      verified: false,
      availability: [
        { weekday: 0, start: '18:30', end: '24:00' },
        { weekday: 1, start: '07:15', end: '12:00' },
      ],
      blackoutDates: ['2026-12-24', '2026-12-25'],
    });
    expect(await storedSlots(user.id)).toEqual([
      { weekday: 0, startMinute: 1110, endMinute: 1440 },
      { weekday: 1, startMinute: 435, endMinute: 720 },
    ]);

    const replaced = await call(t.app, 'PUT', '/me/professional', {
      token: user.accessToken,
      body: validProfessionalProfile({ availability: [{ weekday: 5, start: '09:00', end: '10:00' }], experienceYears: 9 }),
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      experienceYears: 9,
      blackoutDates: [],
      availability: [{ weekday: 5, start: '09:00', end: '10:00' }],
    });
    expect(await storedSlots(user.id)).toEqual([{ weekday: 5, startMinute: 540, endMinute: 600 }]);
  });

  it('keeps a night slot that crosses midnight as one slot ending the next morning', async () => {
    const user = await registerUser(t.app, { role: 'professional' });
    const night = [
      { weekday: 1, start: '22:00', end: '06:00' },
      { weekday: 2, start: '06:00', end: '08:00' },
      { weekday: 6, start: '22:00', end: '00:00' },
    ];
    const saved = await call(t.app, 'PUT', '/me/professional', {
      token: user.accessToken,
      body: validProfessionalProfile({ availability: night }),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.availability).toEqual(night);
    expect(await storedSlots(user.id)).toEqual([
      { weekday: 1, startMinute: 1320, endMinute: 360 },
      { weekday: 2, startMinute: 360, endMinute: 480 },
      { weekday: 6, startMinute: 1320, endMinute: 0 },
    ]);
  });

  it('stores unicode and HTML in the bio as the plain text it is', async () => {
    const user = await registerUser(t.app, { role: 'professional' });
    const bio = '<script>alert("x")</script> <b>Ōkello</b> — 🙂 عربى & “quotes”\nSecond line';
    const saved = await call(t.app, 'PUT', '/me/professional', { token: user.accessToken, body: validProfessionalProfile({ bio }) });
    expect(saved.status).toBe(200);
    expect(saved.body.bio).toBe(bio);
    const shown = await call(t.app, 'GET', `/professionals/${user.id}`, { token: admin.accessToken });
    expect(shown.headers['content-type']).toMatch(/^application\/json/);
    expect(shown.body.bio).toBe(bio);
  });

  it.each([
    ['no roles', { roles: [] }, 'roles'],
    ['a role outside the vocabulary', { roles: ['astronaut'] }, 'roles.0'],
    ['an unknown district', { district: 'Nairobi' }, 'district'],
    ['no district', { district: undefined }, 'district'],
    ['negative experience', { experienceYears: -1 }, 'experienceYears'],
    ['61 years of experience', { experienceYears: 61 }, 'experienceYears'],
    ['a fractional rate', { rateAmount: 100.5 }, 'rateAmount'],
    ['a zero rate', { rateAmount: 0 }, 'rateAmount'],
    ['a rate as text', { rateAmount: '50000' }, 'rateAmount'],
    ['a weekly rate unit', { rateUnit: 'week' }, 'rateUnit'],
    [
      'overlapping slots',
      {
        availability: [
          { weekday: 1, start: '08:00', end: '12:00' },
          { weekday: 1, start: '11:00', end: '13:00' },
        ],
      },
      'availability.1',
    ],
    ['a slot ending where it starts', { availability: [{ weekday: 2, start: '17:00', end: '17:00' }] }, 'availability.0.end'],
    ['a slot starting at 24:00', { availability: [{ weekday: 2, start: '24:00', end: '06:00' }] }, 'availability.0.start'],
    [
      'a night slot running into the next day’s',
      {
        availability: [
          { weekday: 1, start: '22:00', end: '06:00' },
          { weekday: 2, start: '05:00', end: '08:00' },
        ],
      },
      'availability.1',
    ],
    [
      'Saturday night running into Sunday’s first slot',
      {
        availability: [
          { weekday: 0, start: '05:00', end: '08:00' },
          { weekday: 6, start: '22:00', end: '06:00' },
        ],
      },
      'availability.1',
    ],
    [
      '51 slots',
      {
        availability: Array.from({ length: 51 }, (_, i) => ({
          weekday: i % 7,
          start: `${String(Math.floor(i / 7)).padStart(2, '0')}:00`,
          end: `${String(Math.floor(i / 7)).padStart(2, '0')}:30`,
        })),
      },
      'availability',
    ],
    ['a bad blackout date', { blackoutDates: ['2026-02-30'] }, 'blackoutDates.0'],
    ['a 2001-character bio', { bio: 'a'.repeat(2001) }, 'bio'],
    ['a control character in the bio', { bio: 'bell\u0007' }, 'bio'],
    ['a one-letter skill', { skills: ['x'] }, 'skills.0'],
    ['31 skills', { skills: Array.from({ length: 31 }, (_, i) => `skill ${i}`) }, 'skills'],
  ])('answers 422 for %s and changes nothing', async (_label, overrides, path) => {
    const professional = await makeProfessional(t.app);
    const response = await call(t.app, 'PUT', '/me/professional', {
      token: professional.accessToken,
      body: validProfessionalProfile(overrides),
    });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    const me = await call(t.app, 'GET', '/me', { token: professional.accessToken });
    expect(me.body.professional).toEqual(professional.profile);
  });

  it('is for professionals only: 401 without a token, 403 for institutions and admins', async () => {
    const institution = await registerUser(t.app, { role: 'institution' });
    const body = validProfessionalProfile();
    expect((await call(t.app, 'PUT', '/me/professional', { body })).status).toBe(401);
    expect((await call(t.app, 'PUT', '/me/professional', { token: institution.accessToken, body })).status).toBe(403);
    expect((await call(t.app, 'PUT', '/me/professional', { token: admin.accessToken, body })).status).toBe(403);
    const count = await t.ctx.db.execute(
      sql`SELECT count(*)::int AS n FROM professionals WHERE user_id IN (${institution.id}, ${admin.id})`,
    );
    expect(rowsOf<{ n: number }>(count)[0]!.n).toBe(0);
  });

  it('keeps one consistent set of slots when two saves race', async () => {
    const professional = await makeProfessional(t.app);
    const versions = [1, 2, 3, 4].map((weekday) =>
      validProfessionalProfile({
        availability: [
          { weekday, start: '08:00', end: '12:00' },
          { weekday, start: '13:00', end: '17:00' },
        ],
      }),
    );
    const responses = await Promise.all(
      versions.map((body) => call(t.app, 'PUT', '/me/professional', { token: professional.accessToken, body })),
    );
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    const slots = await storedSlots(professional.id);
    expect(slots).toHaveLength(2);
    expect(new Set(slots.map((slot) => slot.weekday)).size).toBe(1);
  });
});

describe('PUT /me/institution', () => {
  it('creates and updates the profile with the contact phone in E.164', async () => {
    const user = await registerUser(t.app, { role: 'institution' });
    const created = await call(t.app, 'PUT', '/me/institution', {
      token: user.accessToken,
      body: validInstitutionProfile({ contactPhone: '0772 123 456', district: 'jinja city', type: 'clinic' }),
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ userId: user.id, contactPhone: '+256772123456', district: 'Jinja City', type: 'clinic' });

    const updated = await call(t.app, 'PUT', '/me/institution', {
      token: user.accessToken,
      body: validInstitutionProfile({ name: 'Mengo Clinic', contactPhone: '+256 701 234 567' }),
    });
    expect(updated.body).toMatchObject({ name: 'Mengo Clinic', contactPhone: '+256701234567' });
    expect((await call(t.app, 'GET', '/me', { token: user.accessToken })).body.institution).toMatchObject({ name: 'Mengo Clinic' });
  });

  it.each([
    ['a Kenyan phone', { contactPhone: '+254712345678' }, 'contactPhone'],
    ['letters as phone', { contactPhone: 'call the office' }, 'contactPhone'],
    ['an unknown type', { type: 'university' }, 'type'],
    ['an unknown district', { district: 'Atlantis' }, 'district'],
    ['a digit as contact name', { contactName: '007' }, 'contactName'],
    ['an empty name', { name: '  ' }, 'name'],
  ])('answers 422 for %s', async (_label, overrides, path) => {
    const user = await registerUser(t.app, { role: 'institution' });
    const response = await call(t.app, 'PUT', '/me/institution', { token: user.accessToken, body: validInstitutionProfile(overrides) });
    expect(response.status).toBe(422);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    expect((await call(t.app, 'GET', '/me', { token: user.accessToken })).body.institution).toBeNull();
  });

  it('is for institutions only: 401 without a token, 403 for professionals and admins', async () => {
    const professional = await registerUser(t.app, { role: 'professional' });
    const body = validInstitutionProfile();
    expect((await call(t.app, 'PUT', '/me/institution', { body })).status).toBe(401);
    expect((await call(t.app, 'PUT', '/me/institution', { token: professional.accessToken, body })).status).toBe(403);
    expect((await call(t.app, 'PUT', '/me/institution', { token: admin.accessToken, body })).status).toBe(403);
  });
});

describe('GET /professionals/{id}', () => {
  it('shows the public profile with the rating, and never contact details, NIN or documents', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin, { skills: ['algebra'] });
    await t.ctx.db.execute(sql`UPDATE users SET rating_count = 3, rating_sum = 14 WHERE id = ${professional.id}`);
    const institution = await makeInstitution(t.app);

    const response = await call(t.app, 'GET', `/professionals/${professional.id}`, { token: institution.accessToken });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: professional.id,
      name: 'Nakato Sarah',
      bio: expect.any(String),
      roles: ['teacher'],
      skills: ['algebra'],
      experienceYears: 8,
      rateAmount: 50_000,
      rateUnit: 'day',
      currency: 'UGX',
      district: 'Wakiso',
      verified: true,
      ratingAverage: 4.67,
      ratingCount: 3,
      availability: [
        { weekday: 1, start: '08:00', end: '17:00' },
        { weekday: 3, start: '08:00', end: '13:00' },
      ],
    });
    const raw = JSON.stringify(response.body);
    for (const secret of [professional.email, professional.phone, 'CM90012345678K', 'CM••', professional.ninDocumentId, 'blackout']) {
      expect(raw).not.toContain(secret);
    }
  });

  it('shows no rating average before the first rating', async () => {
    const professional = await makeProfessional(t.app);
    const response = await call(t.app, 'GET', `/professionals/${professional.id}`, { token: professional.accessToken });
    expect(response.body).toMatchObject({ ratingAverage: null, ratingCount: 0, verified: false });
  });

  it('answers 404 for institutions, admins, unknown ids, professionals without a profile, suspended and erased accounts', async () => {
    const institution = await makeInstitution(t.app);
    const withoutProfile = await registerUser(t.app, { role: 'professional' });
    const suspended = await makeProfessional(t.app);
    const erased = await makeProfessional(t.app);
    await call(t.app, 'POST', `/admin/users/${suspended.id}/suspend`, { token: admin.accessToken, body: { reason: 'Reported' } });
    await t.ctx.db.execute(sql`UPDATE users SET status = 'erased', email = NULL, phone = NULL WHERE id = ${erased.id}`);

    for (const id of [
      institution.id,
      admin.id,
      withoutProfile.id,
      suspended.id,
      erased.id,
      '00000000-0000-4000-8000-000000000000',
      'not-a-uuid',
    ]) {
      const response = await call(t.app, 'GET', `/professionals/${id}`, { token: institution.accessToken });
      expect(response.status, id).toBe(404);
      expect(response.body.type).toContain('not-found');
    }
    expect((await call(t.app, 'GET', `/professionals/${suspended.id}`)).status).toBe(401);
  });
});

describe('GET /me', () => {
  it('carries the professional profile and verification state, with what is missing', async () => {
    const professional = await makeProfessional(t.app);
    const me = await call(t.app, 'GET', '/me', { token: professional.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: professional.id, role: 'professional' },
      consent: { required: false },
      professional: { userId: professional.id, roles: ['teacher'], verified: false },
      institution: null,
      verification: { verified: false, documents: { pending: 0, approved: 0, rejected: 0 }, missing: ['nin', 'credential'] },
    });

    const verified = await makeVerifiedProfessional(t.app, admin);
    const verifiedMe = await call(t.app, 'GET', '/me', { token: verified.accessToken });
    expect(verifiedMe.body.verification).toEqual({ verified: true, documents: { pending: 0, approved: 2, rejected: 0 }, missing: [] });
    expect(verifiedMe.body.professional.verified).toBe(true);
  });

  it('carries the institution profile for institutions and nothing for admins', async () => {
    const institution = await makeInstitution(t.app);
    const me = await call(t.app, 'GET', '/me', { token: institution.accessToken });
    expect(me.body).toMatchObject({ professional: null, verification: null, institution: { name: institution.profile.name } });
    const adminMe = await call(t.app, 'GET', '/me', { token: admin.accessToken });
    expect(adminMe.body).toMatchObject({ professional: null, institution: null, verification: null });
  });
});

describe('GET /admin/professionals', () => {
  it('lists unverified professionals oldest first, page by page, with their document counts', async () => {
    const verified = await makeVerifiedProfessional(t.app, admin);
    const waiting = await Promise.all([0, 1, 2].map(() => makeProfessional(t.app)));

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const response: any = await call(t.app, 'GET', `/admin/professionals?verified=false&limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        token: admin.accessToken,
      });
      expect(response.status).toBe(200);
      expect(response.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor);

    const ids = seen.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(verified.id);
    expect(ids).toEqual(expect.arrayContaining(waiting.map((user) => user.id)));
    expect(seen.every((item) => item.verified === false)).toBe(true);
    const registered = seen.map((item) => item.registeredAt);
    expect(registered).toEqual([...registered].sort());
    expect(seen.find((item) => item.id === waiting[0]!.id)).toMatchObject({
      hasProfile: true,
      roles: ['teacher'],
      documents: { pending: 0, approved: 0, rejected: 0 },
    });

    const verifiedOnly = await call(t.app, 'GET', '/admin/professionals?verified=true&limit=100', { token: admin.accessToken });
    expect(verifiedOnly.body.items.map((item: any) => item.id)).toContain(verified.id);
    expect(verifiedOnly.body.items.find((item: any) => item.id === verified.id).documents).toEqual({
      pending: 0,
      approved: 2,
      rejected: 0,
    });
  });

  it('is for admins only, and refuses a malformed filter or cursor', async () => {
    const professional = await makeProfessional(t.app);
    const institution = await makeInstitution(t.app);
    expect((await call(t.app, 'GET', '/admin/professionals')).status).toBe(401);
    expect((await call(t.app, 'GET', '/admin/professionals', { token: professional.accessToken })).status).toBe(403);
    expect((await call(t.app, 'GET', '/admin/professionals', { token: institution.accessToken })).status).toBe(403);
    expect((await call(t.app, 'GET', '/admin/professionals?verified=maybe', { token: admin.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', "/admin/professionals?cursor=' OR 1=1 --", { token: admin.accessToken })).status).toBe(422);
    expect((await call(t.app, 'GET', '/admin/professionals?limit=1000', { token: admin.accessToken })).status).toBe(422);
  });
});

describe('exportUserProfileData', () => {
  it('returns the profile and the documents’ metadata, never files or full numbers', async () => {
    const professional = await makeVerifiedProfessional(t.app, admin);
    const exported = await exportUserProfileData(t.ctx.db, professional.id);
    expect(exported.professional).toMatchObject({ userId: professional.id, verified: true, roles: ['teacher'] });
    expect(exported.institution).toBeNull();
    expect(exported.documents.map((document) => [document.docType, document.status, document.numberHint])).toEqual([
      ['nin', 'approved', 'CM••••••••••8K'],
      ['certificate', 'approved', null],
    ]);
    expect(JSON.stringify(exported)).not.toContain('CM90012345678K');

    const institution = await makeInstitution(t.app);
    expect(await exportUserProfileData(t.ctx.db, institution.id)).toMatchObject({
      professional: null,
      institution: { userId: institution.id },
      documents: [],
    });
  });
});
