import { randomInt } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { derivedToken, sameToken, sha256Hex } from '../../platform/crypto.js';
import type { Transaction } from '../../platform/db.js';
import * as throttle from '../../platform/throttle.js';
import { sendSms } from '../sms/service.js';
import * as repo from './repository.js';

/**
 * Six-digit codes sent by SMS to prove someone holds a phone: to sign in, to reset a password, to
 * confirm a new number, to set a USSD PIN. A code works for a few minutes and 3 tries, once.
 */
export type PhoneCodePurpose = repo.PhoneCodePurpose;

export const PHONE_CODE_TRIES = 3;
/** Codes one phone may be sent for one purpose within an hour, whether or not it has an account. */
export const PHONE_CODE_REQUESTS_PER_HOUR = 3;

interface PurposeRules {
  lifetimeMinutes: number;
  /** The SMS `kind` recorded in sms_messages. */
  kind: string;
  text: (code: string, minutes: number, ussdServiceCode: string) => string;
}

const PURPOSES: Record<PhoneCodePurpose, PurposeRules> = {
  sign_in: {
    lifetimeMinutes: 5,
    kind: 'auth.otp',
    text: (code, minutes) =>
      `Qgig: ${code} is your sign-in code. It works for ${minutes} minutes. Never share it: Qgig will never ask you for it.`,
  },
  password_reset: {
    lifetimeMinutes: 30,
    kind: 'auth.password-reset',
    text: (code, minutes) =>
      `Qgig: ${code} is your code to reset your password. It works for ${minutes} minutes. Did not ask for it? Ignore this SMS.`,
  },
  phone_change: {
    lifetimeMinutes: 30,
    kind: 'auth.phone-change',
    text: (code, minutes) =>
      `Qgig: ${code} is your code to use this phone for your Qgig account. It works for ${minutes} minutes. Never share it.`,
  },
  ussd_pin: {
    lifetimeMinutes: 10,
    kind: 'ussd.pin-code',
    text: (code, minutes, ussdServiceCode) =>
      `Qgig: ${code} is your code to set your PIN for Qgig by USSD (${ussdServiceCode}). It works for ${minutes} minutes. Never share it.`,
  },
};

/**
 * Counts a request for a code to `phone` (E.164), registered or not, so the answer says nothing
 * about the phone: the 4th for one phone and purpose within an hour throws 429 `rate-limited`.
 */
export async function limitPhoneCodeRequests(ctx: AppContext, phone: string, purpose: PhoneCodePurpose): Promise<void> {
  const limit = { max: PHONE_CODE_REQUESTS_PER_HOUR, windowSeconds: 3600 };
  const requests = await throttle.hit(ctx.db, `phone-code:${purpose}:${sha256Hex(phone)}`, limit);
  if (requests.hits > limit.max) throw throttle.rateLimited(requests, 'Too many codes were asked for this phone; try again later');
}

export interface PhoneCodeRequest {
  userId: string;
  /** E.164; where the SMS goes (for a phone change, the new number). */
  phone: string;
  purpose: PhoneCodePurpose;
}

/**
 * Makes a code, stores its HMAC and queues its SMS (at any hour, quiet hours or not) in `tx`. It
 * replaces the account's earlier code for the same purpose. The caller has checked the limit and
 * that the account may have one.
 */
export async function sendPhoneCode(ctx: AppContext, tx: Transaction, request: PhoneCodeRequest): Promise<void> {
  const rules = PURPOSES[request.purpose];
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
  await repo.upsertCode(tx, {
    ...request,
    codeHash: hashCode(ctx, request, code),
    tries: PHONE_CODE_TRIES,
    lifetimeSeconds: rules.lifetimeMinutes * 60,
  });
  await sendSms(ctx, tx, {
    userId: request.userId,
    phone: request.phone,
    kind: rules.kind,
    text: rules.text(code, rules.lifetimeMinutes, ctx.config.ussdServiceCode),
    from: 'sender',
    bypassQuietHours: true,
  });
}

export interface PhoneCodeCheck {
  userId: string;
  purpose: PhoneCodePurpose;
  code: string;
  /** When given, the code must have been sent to this phone (E.164). */
  phone?: string;
}

/**
 * Takes one try at the account's code for `purpose` (committed at once, whatever the caller does
 * next) and, when the code matches, spends it: of concurrent right answers exactly one gets the
 * phone the code went to. Undefined when the code is wrong, expired, out of tries or already spent.
 */
export async function verifyPhoneCode(ctx: AppContext, check: PhoneCodeCheck): Promise<{ phone: string } | undefined> {
  const stored = await repo.takeTry(ctx.db, check.userId, check.purpose);
  if (!stored) return undefined;
  const matches = sameToken(stored.codeHash, hashCode(ctx, { userId: check.userId, purpose: check.purpose }, check.code));
  if (!matches || (check.phone !== undefined && check.phone !== stored.phone)) return undefined;
  return (await repo.spendCode(ctx.db, stored.id)) ? { phone: stored.phone } : undefined;
}

/** Erasure: the account's codes go with it. */
export async function erasePhoneCodes(tx: Transaction, userId: string): Promise<void> {
  await repo.deleteCodesOf(tx, userId);
}

/** Keyed with the server's key: a leaked table does not give the codes away to a million guesses. */
function hashCode(ctx: AppContext, owner: { userId: string; purpose: PhoneCodePurpose }, code: string): string {
  return derivedToken(ctx.config.encryptionKey, 'phone-code', `${owner.userId}:${owner.purpose}:${code}`);
}
