import type { z } from 'zod';
import type { AuthResult, OtpVerifyBody } from '../../contracts/accounts.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { limitPhoneCodeRequests, sendPhoneCode, verifyPhoneCode, type PhoneCodePurpose } from '../phone-codes/service.js';
import * as repo from './repository.js';
import { openSession, parsePhone, suspendedError } from './service.js';

/**
 * Sends a code to the account holding `phone` when there is one in `statuses`. Every request for the
 * phone is counted first, so the 4th within an hour is 429 whether or not it has an account.
 */
export async function sendCodeToAccountPhone(
  ctx: AppContext,
  phoneInput: string,
  purpose: PhoneCodePurpose,
  statuses: readonly repo.UserRow['status'][],
): Promise<void> {
  const phone = parsePhone(phoneInput);
  await limitPhoneCodeRequests(ctx, phone, purpose);
  const user = await repo.findUserByPhone(ctx.db, phone);
  if (!user || !statuses.includes(user.status)) return;
  await ctx.db.transaction((tx) => sendPhoneCode(ctx, tx, { userId: user.id, phone, purpose }));
}

/** POST /auth/otp. A suspended account gets its code too, and then the same 403 as at login. */
export async function requestSignInCode(ctx: AppContext, phoneInput: string): Promise<void> {
  await sendCodeToAccountPhone(ctx, phoneInput, 'sign_in', ['active', 'suspended']);
}

/** The account a code sent to `phone` was for, once the code is right (and spent); undefined otherwise. */
export async function accountOfPhoneCode(
  ctx: AppContext,
  phone: string,
  code: string,
  purpose: PhoneCodePurpose,
): Promise<repo.UserRow | undefined> {
  const user = await repo.findUserByPhone(ctx.db, phone);
  if (!user) return undefined;
  return (await verifyPhoneCode(ctx, { userId: user.id, purpose, code, phone })) ? user : undefined;
}

/** POST /auth/otp/verify: a session exactly as a password sign-in opens one. */
export async function signInWithCode(ctx: AppContext, input: z.output<typeof OtpVerifyBody>, meta: RequestMeta): Promise<AuthResult> {
  const user = await accountOfPhoneCode(ctx, parsePhone(input.phone), input.code, 'sign_in');
  if (!user) throw new AppError('unauthenticated', 'invalid-code', 'The code is wrong or has expired; ask for a new one');
  if (user.status === 'suspended') throw suspendedError(ctx, user);
  return openSession(ctx, user, meta);
}

/** A code sent by SMS that is wrong, expired, out of tries or spent: refused alike (422; sign-in answers 401). */
export function invalidCodeError(): AppError {
  return new AppError('invalid', 'invalid-code', 'The code is wrong or has expired; ask for a new one', {
    errors: [{ path: 'code', message: 'This code is wrong or no longer valid' }],
  });
}
