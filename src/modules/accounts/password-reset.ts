import { passwordProblem } from '../../contracts/password-policy.js';
import type { AppContext } from '../../platform/context.js';
import { sha256Hex } from '../../platform/crypto.js';
import type { Transaction } from '../../platform/db.js';
import { invalidField } from '../../platform/errors.js';
import * as throttle from '../../platform/throttle.js';
import { invalidLink, queueAccountLink, spendLink } from './account-links.js';
import { hashPassword } from './passwords.js';
import { accountOfPhoneCode, invalidCodeError, sendCodeToAccountPhone } from './phone-sign-in.js';
import * as repo from './repository.js';
import { parsePhone } from './service.js';

const RESET_REQUESTS_PER_HOUR = 5;

/**
 * Queues a reset link for `email`. The answer and the work are the same whether or not an account
 * has that address (the task looks it up), and the limit counts requests for the address either way.
 */
export async function requestPasswordReset(ctx: AppContext, email: string): Promise<void> {
  const limit = { max: RESET_REQUESTS_PER_HOUR, windowSeconds: 3600 };
  const requests = await throttle.hit(ctx.db, `password-reset:${sha256Hex(email)}`, limit);
  if (requests.hits > limit.max) throw throttle.rateLimited(requests, 'Too many reset requests for this address; try again later');
  await ctx.db.transaction((tx) => queueAccountLink(ctx, tx, { kind: 'password-reset', email }));
}

/** Sends a reset code, valid 30 minutes, to the active account holding `phone`; the answer is the same if none does. */
export async function requestPasswordResetBySms(ctx: AppContext, phone: string): Promise<void> {
  await sendCodeToAccountPhone(ctx, phone, 'password_reset', ['active']);
}

/** Sets the new password once per link and ends every session of the account. */
export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const link = await spendLink(tx, 'password_reset', token);
    const problem = passwordProblem(password, link.email);
    if (problem) throw invalidField('password', problem);
    if (!(await repo.applyMailedLink(tx, link.userId, link.email, { passwordHash }))) throw invalidLink();
    await endSessionsAfterReset(tx, link.userId);
  });
}

/**
 * The same with the code sent by SMS. The password is checked against the account's email before
 * the code, so a refused password does not spend it.
 */
export async function confirmPasswordResetByCode(ctx: AppContext, input: { phone: string; code: string; password: string }): Promise<void> {
  const phone = parsePhone(input.phone);
  const holder = await repo.findUserByPhone(ctx.db, phone);
  const problem = passwordProblem(input.password, holder?.email ?? undefined);
  if (problem) throw invalidField('password', problem);
  const passwordHash = await hashPassword(input.password);
  const user = await accountOfPhoneCode(ctx, phone, input.code, 'password_reset');
  await ctx.db.transaction(async (tx) => {
    if (!user || !(await repo.resetPasswordOfPhone(tx, user.id, phone, passwordHash))) throw invalidCodeError();
    await endSessionsAfterReset(tx, user.id);
  });
}

/** Every session ends, and reset links still unused die with them. */
async function endSessionsAfterReset(tx: Transaction, userId: string): Promise<void> {
  await repo.spendAccountTokensOf(tx, userId, 'password_reset');
  await repo.revokeAllSessions(tx, userId, 'password-reset');
}
