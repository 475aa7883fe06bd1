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

/** Fresh, unique registration details; nothing is sent. */
export function newUser(role: SelfServiceRole, overrides: Partial<SeededUser> = {}): SeededUser {
  return { name: NAMES[role], email: uniqueEmail(role), phone: uniquePhone(), password: STRONG_PASSWORD, role, ...overrides };
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
