import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { LICENCE_REQUIRED_ROLES } from '../../src/contracts/documents.js';
import { addYears } from '../../src/contracts/time.js';
import { CREDENTIAL_EXPIRY } from '../../src/modules/reliability/rules.js';
import { uniquePhone } from '../../test/support/unique.js';
import { samplePdf, samplePng } from './files.js';
import { seedUser, signInAdmin, uniqueName, type SelfServiceRole } from './users.js';

/** A second (third…) browser at the test's viewport, with nobody signed in yet. */
export async function openBrowserPage(browser: Browser, like: Page): Promise<Page> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: like.viewportSize(),
    isMobile: test.info().project.use.isMobile,
  });
  return context.newPage();
}

/** A page signed in as a fresh user of `role` with a unique name. */
export async function signedInPage(browser: Browser, like: Page, role: SelfServiceRole) {
  const page = await openBrowserPage(browser, like);
  const user = await seedUser(page.request, role, { name: uniqueName(role) });
  return { page, user };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Makes a professional verified the way production does: a profile (free every hour of every day),
 * a NIN and a certificate (a licence for a nurse or midwife) uploaded, and both approved by the
 * administrator through the API.
 * `request` must not be a browser's (the administrator signs in on it): use the test's own fixture.
 */
export async function verifyProfessional(
  request: APIRequestContext,
  accessToken: string,
  profile: { roles: string[]; skills: string[]; experienceYears: number },
) {
  const saved = await request.put('/api/v1/me/professional', {
    headers: bearer(accessToken),
    data: {
      ...profile,
      rateAmount: 40000,
      rateUnit: 'day',
      district: 'Kampala',
      availability: [0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
    },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const admin = await signInAdmin(request);
  const licensed = LICENCE_REQUIRED_ROLES.some((role) => profile.roles.includes(role));
  const files = {
    nin: { name: 'nin.pdf', mimeType: 'application/pdf', buffer: samplePdf() },
    [licensed ? 'license' : 'certificate']: { name: 'credential.png', mimeType: 'image/png', buffer: samplePng() },
  };
  let verified = false;
  for (const [docType, file] of Object.entries(files)) {
    const uploaded = await request.post('/api/v1/me/documents', { headers: bearer(accessToken), multipart: { docType, file } });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    const { id } = (await uploaded.json()) as { id: string };
    const decided = await request.post(`/api/v1/admin/documents/${id}/approve`, {
      headers: bearer(admin.accessToken),
      data: docType === 'license' ? { expiresOn: addYears(kampalaDateIn(0), CREDENTIAL_EXPIRY.licenceYears) } : {},
    });
    expect(decided.status(), await decided.text()).toBe(200);
    verified = ((await decided.json()) as { professionalVerified: boolean }).professionalVerified;
  }
  expect(verified).toBe(true);
}

/** YYYY-MM-DD in Kampala, `days` from today. */
export function kampalaDateIn(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Kampala' }).format(new Date(Date.now() + days * 86_400_000));
}

/** The institution's profile: where a professional who takes one of its shifts goes, and whom they ask for. */
export async function saveInstitutionProfile(request: APIRequestContext, accessToken: string, name: string) {
  const profile = {
    name,
    type: 'school',
    address: 'Plot 4, Bombo Road, Kawempe',
    district: 'Kampala',
    contactName: 'Deputy Head Okello',
    contactPhone: uniquePhone(),
  };
  const saved = await request.put('/api/v1/me/institution', { headers: bearer(accessToken), data: profile });
  expect(saved.status(), await saved.text()).toBe(200);
  return (await saved.json()) as typeof profile;
}

/** Moves a job's 8-hour shift to start `hours` from now (negative: started), which no API can do. */
export async function moveShiftInDatabase(jobId: string, hours: number): Promise<void> {
  await updateJobInDatabase(
    jobId,
    `starts_at = now() + make_interval(secs => ${hours * 3600}), ends_at = now() + make_interval(secs => ${(hours + 8) * 3600})`,
  );
}

/** Moves a job's shift to have started an hour ago (shifts are posted in the future). */
export const startShiftInDatabase = (jobId: string) => moveShiftInDatabase(jobId, -1);

/**
 * Changes a job's row as the clock or a confirmed payment would (`assignments`: SQL such as
 * `starts_at = now() + interval '30 hours'`), for states no API reaches by itself in a test.
 */
export async function updateJobInDatabase(jobId: string, assignments: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.QGIG_E2E_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`UPDATE jobs SET ${assignments} WHERE id = $1`, [jobId]);
  } finally {
    await client.end();
  }
}

/** Posts a shift as the institution and has the professional accept it, through the API. */
export async function assignedJob(request: APIRequestContext, institutionToken: string, professionalToken: string): Promise<string> {
  const posted = await request.post('/api/v1/jobs', {
    headers: bearer(institutionToken),
    data: {
      role: 'teacher',
      skills: ['mathematics'],
      description: 'Cover S2 mathematics.',
      date: kampalaDateIn(3),
      startTime: '08:00',
      endTime: '16:00',
      rateAmount: 50000,
      rateUnit: 'day',
      district: 'Kampala',
    },
  });
  expect(posted.status(), await posted.text()).toBe(201);
  const { id } = (await posted.json()) as { id: string };
  const accepted = await request.post(`/api/v1/jobs/${id}/accept`, { headers: bearer(professionalToken), data: {} });
  expect(accepted.status(), await accepted.text()).toBe(200);
  return id;
}
