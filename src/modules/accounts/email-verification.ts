import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import * as throttle from '../../platform/throttle.js';
import { invalidLink, queueAccountLink, spendLink } from './account-links.js';
import * as repo from './repository.js';

const RESENDS_PER_HOUR = 5;

export async function verifyEmail(ctx: AppContext, token: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const link = await spendLink(tx, 'email_verification', token);
    if (!(await repo.applyMailedLink(tx, link.userId, link.email))) throw invalidLink();
  });
}

export async function resendVerification(ctx: AppContext, caller: AuthenticatedUser): Promise<void> {
  const user = await repo.findUserById(ctx.db, caller.id);
  if (!user?.email) throw notFound('Account');
  if (user.emailVerifiedAt) throw new AppError('conflict', 'email-already-verified', 'This email address is already verified');
  const limit = { max: RESENDS_PER_HOUR, windowSeconds: 3600 };
  const sends = await throttle.hit(ctx.db, `verify-email:${user.id}`, limit);
  if (sends.hits > limit.max) throw throttle.rateLimited(sends, 'Too many verification emails; try again later');
  await ctx.db.transaction((tx) => queueAccountLink(ctx, tx, { kind: 'verify-email', userId: user.id }));
}
