import { passwordProblem } from '../../contracts/password-policy.js';
import type { AppContext } from '../../platform/context.js';
import { sha256Hex } from '../../platform/crypto.js';
import { invalidField } from '../../platform/errors.js';
import * as throttle from '../../platform/throttle.js';
import { invalidLink, queueAccountLink, spendLink } from './account-links.js';
import { hashPassword } from './passwords.js';
import * as repo from './repository.js';

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

/** Sets the new password once per link and ends every session of the account. */
export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const link = await spendLink(tx, 'password_reset', token);
    const problem = passwordProblem(password, link.email);
    if (problem) throw invalidField('password', problem);
    if (!(await repo.applyMailedLink(tx, link.userId, link.email, { passwordHash }))) throw invalidLink();
    await repo.spendAccountTokensOf(tx, link.userId, 'password_reset');
    await repo.revokeAllSessions(tx, link.userId, 'password-reset');
  });
}
