import type { z } from 'zod';
import type { ChangeEmailBody, ChangePasswordBody, ChangePhoneBody } from '../../contracts/accounts.js';
import { passwordProblem } from '../../contracts/password-policy.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { invalidField, notFound } from '../../platform/errors.js';
import * as throttle from '../../platform/throttle.js';
import { limitPhoneCodeRequests, sendPhoneCode, verifyPhoneCode } from '../phone-codes/service.js';
import { invalidLink, queueAccountLink, spendLink } from './account-links.js';
import { hashPassword, verifyPassword } from './passwords.js';
import * as repo from './repository.js';
import { invalidCodeError } from './phone-sign-in.js';
import { duplicateAccountError, emailTakenError, parsePhone, phoneTakenError } from './service.js';

const PASSWORD_CHECK_WINDOW_SECONDS = 15 * 60;

export async function renameAccount(ctx: AppContext, caller: AuthenticatedUser, name: string): Promise<void> {
  await repo.updateUserName(ctx.db, caller.id, name);
}

/** The new password takes effect at once; every other session of the account ends, the caller's stays. */
export async function changePassword(
  ctx: AppContext,
  caller: AuthenticatedUser,
  input: z.output<typeof ChangePasswordBody>,
): Promise<void> {
  const user = await confirmedBy(ctx, caller, input.current, 'current');
  const problem = passwordProblem(input.password, user.email ?? undefined);
  if (problem) throw invalidField('password', problem);
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction(async (tx) => {
    await repo.updatePasswordHash(tx, user.id, passwordHash);
    await repo.revokeOtherSessions(tx, user.id, caller.sessionId, 'password-changed');
  });
}

/** Mails a confirmation link to the new address; the account keeps the old one until it is followed. */
export async function requestEmailChange(
  ctx: AppContext,
  caller: AuthenticatedUser,
  input: z.output<typeof ChangeEmailBody>,
): Promise<void> {
  const user = await confirmedBy(ctx, caller, input.password, 'password');
  if (user.email === input.email) throw invalidField('email', 'This is already your email address', 'same-email');
  if (await repo.findUserByEmail(ctx.db, input.email)) throw emailTakenError();
  await ctx.db.transaction((tx) => queueAccountLink(ctx, tx, { kind: 'confirm-email-change', userId: user.id, email: input.email }));
}

/** 409 when the address was taken by another account between the request and the confirmation. */
export async function confirmEmailChange(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const link = await spendLink(tx, 'email_change', token);
    const changed = await repo.changeEmail(tx, link.userId, link.email).catch((error: unknown) => {
      throw duplicateAccountError(error) ?? error;
    });
    if (!changed) throw invalidLink();
  });
}

/** Sends a code to the new phone; the account keeps the old one until the code is confirmed. */
export async function requestPhoneChange(
  ctx: AppContext,
  caller: AuthenticatedUser,
  input: z.output<typeof ChangePhoneBody>,
): Promise<void> {
  const user = await confirmedBy(ctx, caller, input.password, 'password');
  const phone = parsePhone(input.phone);
  if (user.phone === phone) throw invalidField('phone', 'This is already your phone number', 'same-phone');
  if (await repo.findUserByPhone(ctx.db, phone)) throw phoneTakenError();
  await limitPhoneCodeRequests(ctx, phone, 'phone_change');
  await ctx.db.transaction((tx) => sendPhoneCode(ctx, tx, { userId: user.id, phone, purpose: 'phone_change' }));
}

/** 409 when the phone was taken by another account between the request and the confirmation. */
export async function confirmPhoneChange(ctx: AppContext, caller: AuthenticatedUser, code: string): Promise<void> {
  const verified = await verifyPhoneCode(ctx, { userId: caller.id, purpose: 'phone_change', code });
  if (!verified) throw invalidCodeError();
  const changed = await repo.changePhone(ctx.db, caller.id, verified.phone).catch((error: unknown) => {
    throw duplicateAccountError(error) ?? error;
  });
  if (!changed) throw notFound('Account');
}

/**
 * The caller's account, once `password` proves it is really them (a stolen access token is not
 * enough to take the account over). Wrong passwords are limited like failed sign-ins.
 */
async function confirmedBy(ctx: AppContext, caller: AuthenticatedUser, password: string, field: string): Promise<repo.UserRow> {
  const limitKey = `password-check:${caller.id}`;
  const max = ctx.config.loginFailuresPer15Minutes;
  // Counted before the password is checked, as sign-ins are, so a burst checks no more than the limit.
  const attempts = await throttle.hit(ctx.db, limitKey, { max, windowSeconds: PASSWORD_CHECK_WINDOW_SECONDS });
  if (attempts.hits > max) throw throttle.rateLimited(attempts, 'Too many wrong passwords; try again later');
  const user = await repo.findUserById(ctx.db, caller.id);
  if (!user || user.status === 'erased') throw notFound('Account');
  if (!(await verifyPassword(user.passwordHash, password))) throw invalidField(field, 'The password is wrong', 'wrong-password');
  await throttle.reset(ctx.db, limitKey);
  return user;
}
