import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { derivedToken, sha256Hex } from '../../platform/crypto.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { defineTask } from '../../platform/queue.js';
import { sendAccountEmail } from '../notifications/service.js';
import * as repo from './repository.js';

/**
 * The links mailed for account changes. The token is made and mailed by a task, so a request does
 * the same work whether or not the address has an account; the link holds the only copy of the token
 * (it can be derived again only with the encryption key).
 */
const AccountLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password-reset'), email: z.string() }),
  z.object({ kind: z.literal('verify-email'), userId: z.uuid() }),
  z.object({ kind: z.literal('confirm-email-change'), userId: z.uuid(), email: z.string() }),
]);
export type AccountLink = z.output<typeof AccountLink>;

export const sendAccountLinkTask = defineTask({
  name: 'accounts.send-link',
  payload: AccountLink,
  retry: { retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 90 },
});

interface LinkKind {
  purpose: repo.AccountTokenPurpose;
  lifetimeMinutes: number;
  page: string;
  title: string;
  body: (lifetime: string) => string;
  linkLabel: string;
  footer: string;
}

const KINDS: Record<AccountLink['kind'], LinkKind> = {
  'password-reset': {
    purpose: 'password_reset',
    lifetimeMinutes: 30,
    page: '/reset-password',
    title: 'Reset your Qgig password',
    body: (lifetime) =>
      `Someone, hopefully you, asked to reset the password of your Qgig account. Open the link within ${lifetime} to choose a new password. It works once.`,
    linkLabel: 'Choose a new password',
    footer: 'If you did not ask for this, ignore this email: your password stays as it is.',
  },
  'verify-email': {
    purpose: 'email_verification',
    lifetimeMinutes: 7 * 24 * 60,
    page: '/verify-email',
    title: 'Confirm your email address',
    body: (lifetime) =>
      `Confirm this is your address, so that Qgig can email you about your shifts and payments. The link works for ${lifetime}.`,
    linkLabel: 'Confirm my address',
    footer: 'If you did not sign up for Qgig, ignore this email.',
  },
  'confirm-email-change': {
    purpose: 'email_change',
    lifetimeMinutes: 24 * 60,
    page: '/confirm-email',
    title: 'Confirm your new email address',
    body: (lifetime) =>
      `Your Qgig account asked to use this address from now on. Open the link within ${lifetime} to confirm it; until then the old address stays.`,
    linkLabel: 'Use this address',
    footer: 'If you did not ask for this, ignore this email: nothing changes.',
  },
};

function lifetimeText(minutes: number): string {
  if (minutes % (24 * 60) === 0) return minutes === 24 * 60 ? '24 hours' : `${minutes / (24 * 60)} days`;
  return `${minutes} minutes`;
}

export async function queueAccountLink(ctx: AppContext, tx: Transaction, link: AccountLink): Promise<void> {
  await ctx.queue.send(tx, sendAccountLinkTask, link);
}

/**
 * The task: stores the token, then mails the link. The mail goes only after the token is committed
 * (mailing inside the transaction let a link reach its reader before its token was stored, and a
 * commit that failed after the send left that link dead while the retry mailed another). The token
 * is derived from the task's id, so a retried task stores nothing new and mails the same link.
 */
export async function sendAccountLink(ctx: AppContext, link: AccountLink, taskId: string): Promise<void> {
  const user =
    link.kind === 'password-reset' ? await repo.findUserByEmail(ctx.db, link.email) : await repo.findUserById(ctx.db, link.userId);
  if (!user?.email || user.status !== 'active') return;
  if (link.kind === 'verify-email' && user.emailVerifiedAt) return;
  const kind = KINDS[link.kind];
  const to = link.kind === 'confirm-email-change' ? link.email : user.email;
  const token = derivedToken(ctx.config.encryptionKey, 'account-link', taskId);
  const stored = await repo.insertAccountToken(ctx.db, {
    userId: user.id,
    purpose: kind.purpose,
    tokenHash: sha256Hex(token),
    email: to,
    expiresAt: new Date(Date.now() + kind.lifetimeMinutes * 60_000),
  });
  // Suspended or erased since it was read above.
  if (!stored) return;
  await sendAccountEmail(ctx, to, {
    recipientName: user.name,
    title: kind.title,
    body: kind.body(lifetimeText(kind.lifetimeMinutes)),
    link: `${ctx.config.publicUrl}${kind.page}?token=${encodeURIComponent(token)}`,
    linkLabel: kind.linkLabel,
    footer: kind.footer,
  });
}

/** Spends a link's token; an unknown, used or expired one is refused alike. */
export async function spendLink(
  db: Executor,
  purpose: repo.AccountTokenPurpose,
  token: string,
): Promise<{ userId: string; email: string }> {
  const spent = await repo.spendAccountToken(db, purpose, sha256Hex(token));
  if (!spent) throw invalidLink();
  return spent;
}

export function invalidLink(): AppError {
  return new AppError(
    'invalid',
    'invalid-link',
    'This link is not valid: it was already used, has expired, or was replaced by a newer one',
    {
      errors: [{ path: 'token', message: 'This link is no longer valid; ask for a new one' }],
    },
  );
}
