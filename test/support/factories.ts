import { eq } from 'drizzle-orm';
import { hashPassword } from '../../src/modules/accounts/passwords.js';
import { insertUser } from '../../src/modules/accounts/repository.js';
import { users } from '../../src/modules/accounts/schema.js';
import type { AppContext } from '../../src/platform/context.js';
import type { Api } from '../../src/platform/http.js';
import { call } from './http.js';
import { STRONG_PASSWORD, uniqueEmail, uniquePhone } from './unique.js';

export { STRONG_PASSWORD, uniqueEmail, uniquePhone };

export interface RegisteredUser {
  id: string;
  email: string;
  phone: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export async function registerUser(
  app: Api,
  overrides: Partial<{ name: string; email: string; phone: string; password: string; role: 'institution' | 'professional' }> = {},
): Promise<RegisteredUser> {
  const input = {
    name: 'Nakato Sarah',
    email: uniqueEmail(),
    phone: uniquePhone(),
    password: STRONG_PASSWORD,
    role: 'professional' as const,
    ...overrides,
  };
  const response = await call(app, 'POST', '/auth/register', { body: { ...input, consent: true } });
  if (response.status !== 201) throw new Error(`registration failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {
    id: response.body.user.id,
    email: input.email,
    phone: response.body.user.phone,
    password: input.password,
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
  };
}

/** Admins are never self-registered: this one is written straight to the database, then signs in. */
export async function createAdmin(app: Api, ctx: AppContext): Promise<RegisteredUser> {
  const email = uniqueEmail('admin');
  const user = await insertUser(ctx.db, {
    name: 'Test Admin',
    email,
    passwordHash: await hashPassword(STRONG_PASSWORD),
    role: 'admin',
    emailVerifiedAt: new Date(),
  });
  const response = await call(app, 'POST', '/auth/login', { body: { email, password: STRONG_PASSWORD } });
  if (response.status !== 200) throw new Error(`admin login failed: ${response.status}`);
  return {
    id: user.id,
    email,
    phone: '',
    password: STRONG_PASSWORD,
    accessToken: response.body.accessToken,
    refreshToken: response.body.refreshToken,
  };
}

/** Marks the user's address verified, as following the mailed link does: notices then reach it by email too. */
export async function markEmailVerified(ctx: AppContext, userId: string): Promise<void> {
  await ctx.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, userId));
}
