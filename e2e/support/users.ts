import { randomBytes } from 'node:crypto';
import { expect, type APIRequestContext } from '@playwright/test';
import { STRONG_PASSWORD, uniqueEmail, uniquePhone } from '../../test/support/unique.js';

export type SelfServiceRole = 'institution' | 'professional';

export interface SeededUser {
  name: string;
  email: string;
  phone: string;
  password: string;
  role: SelfServiceRole;
}

const NAMES: Record<SelfServiceRole, string> = { institution: 'Nansubuga Harriet', professional: 'Ssemwogerere Paul' };

/** The administrator the e2e server creates at start (ADMIN_EMAIL, ADMIN_PASSWORD). */
export const ADMIN = { email: 'verifier@e2e.qgig.ug', password: 'Rwenzori-Peaks-Admin-2026' } as const;

/** A name no other test uses (names allow letters only), for finding one's own row in shared admin lists. */
export function uniqueName(role: SelfServiceRole): string {
  const letters = randomBytes(6)
    .toString('hex')
    .replace(/\d/g, (digit) => 'ghijklmnop'[Number(digit)]!);
  return `${NAMES[role]} ${letters[0]!.toUpperCase()}${letters.slice(1)}`;
}

/** Fresh, unique registration details; nothing is sent. */
export function newUser(role: SelfServiceRole, overrides: Partial<SeededUser> = {}): SeededUser {
  return { name: NAMES[role], email: uniqueEmail(role), phone: uniquePhone(), password: STRONG_PASSWORD, role, ...overrides };
}

/** Signs the administrator in; with `page.request` the browser opens signed in as the admin. */
export async function signInAdmin(request: APIRequestContext): Promise<{ accessToken: string }> {
  const response = await request.post('/api/v1/auth/login', { data: ADMIN });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as { accessToken: string };
}

/**
 * Registers a user through the API. With `page.request` the browser shares the refresh cookie, so the
 * page opens signed in; with the test's own `request` fixture the browser stays signed out.
 */
export async function seedUser(
  request: APIRequestContext,
  role: SelfServiceRole,
  overrides: Partial<SeededUser> = {},
): Promise<SeededUser & { accessToken: string }> {
  const user = newUser(role, overrides);
  const response = await request.post('/api/v1/auth/register', { data: { ...user, consent: true } });
  expect(response.status(), await response.text()).toBe(201);
  const { accessToken } = (await response.json()) as { accessToken: string };
  return { ...user, accessToken };
}

/** A fresh access token for the session whose refresh cookie `request` (usually `page.request`) holds. */
export async function browserAccessToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/v1/auth/refresh', { data: {} });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
