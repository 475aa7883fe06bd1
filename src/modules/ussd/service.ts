import type { UssdForm, UssdState } from '../../contracts/phones.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { derivedToken, sameToken } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { accountByPhone, hashPassword, verifyPassword, type PhoneAccount } from '../accounts/service.js';
import { limitPhoneCodeRequests, sendPhoneCode, verifyPhoneCode } from '../phone-codes/service.js';
import * as repo from './repository.js';
import { menu } from './menu.js';

/** PUT /me/pin: argon2id, like a password; a new PIN also lifts a lock. */
export async function setPin(ctx: AppContext, caller: AuthenticatedUser, pin: string): Promise<void> {
  await repo.savePin(ctx.db, caller.id, await hashPassword(pin));
}

/** What GET /me tells a professional about USSD. */
export async function ussdStateOf(ctx: AppContext, userId: string): Promise<UssdState> {
  return { serviceCode: ctx.config.ussdServiceCode, pinSet: (await repo.findPin(ctx.db, userId)) !== undefined };
}

const end = (text: string) => `END ${text}`;
const con = (text: string) => `CON ${text}`;

/**
 * POST /ussd: one step of a session, answered from `text` (every answer so far, joined by `*`) and
 * the database. The first answer is the PIN, checked again at every step; the rest walk the menu.
 * Without a PIN yet, the session sets one with a code sent by SMS.
 */
export async function answerUssd(ctx: AppContext, form: UssdForm): Promise<string> {
  const phone = toUgandaE164(form.phoneNumber);
  const account = phone ? await accountByPhone(ctx.db, phone) : undefined;
  const site = ctx.config.publicUrl;
  if (!phone || !account) return end(`This phone is not registered with Qgig. Register at ${site}/register`);
  if (account.role !== 'professional') return end(`Qgig by USSD is for professionals. Use ${site}`);
  if (account.status !== 'active') return end(`Your Qgig account is suspended. Contact ${ctx.config.support.email}`);
  const pin = await repo.findPin(ctx.db, account.id);
  const answers = form.text === '' ? [] : form.text.split('*');
  if (!pin) return setPinByCode(ctx, account.id, phone, answers);
  const [entered, ...choices] = answers;
  if (pin.lockedUntil && pin.lockedUntil.getTime() > Date.now()) return end(lockedText(pin.lockedUntil));
  if (entered === undefined) return con('Welcome to Qgig.\nEnter your 4-digit PIN:');
  if (!isPin(entered)) return end('A Qgig PIN is 4 digits. Dial again to try.');
  if (!(await pinPasses(ctx, form.sessionId, account.id, pin, entered))) return wrongPin(ctx, account);
  return menu(ctx, { id: account.id, role: 'professional', sessionId: `ussd:${form.sessionId}` }, form.sessionId, choices);
}

const isPin = (answer: string) => /^[0-9]{4}$/.test(answer);

/**
 * Whether `entered` is the PIN: checked with argon2 at the session's first step after it, and
 * noted for the session, whose later steps (which repeat it) compare its keyed digest instead.
 */
async function pinPasses(ctx: AppContext, sessionId: string, userId: string, pin: repo.PinRow, entered: string): Promise<boolean> {
  const digest = derivedToken(ctx.config.encryptionKey, 'ussd-pin', `${sessionId}:${userId}:${entered}`);
  const checked = await repo.checkedPinDigest(ctx.db, sessionId, userId);
  if (checked !== undefined) return sameToken(checked, digest);
  if (!(await verifyPassword(pin.pinHash, entered))) return false;
  if (pin.wrongPins > 0) await repo.clearWrongPins(ctx.db, userId);
  await repo.notePinChecked(ctx.db, sessionId, userId, digest);
  return true;
}

/**
 * The first session of a professional without a PIN: a 6-digit code goes by SMS to the phone, then
 * the code, a PIN and the PIN again are typed; the code is checked (and spent) only at the end, so
 * every step before it can be replayed from `text`. The session then ends, the PIN set.
 */
async function setPinByCode(ctx: AppContext, userId: string, phone: string, answers: string[]): Promise<string> {
  const [code, ...rest] = answers;
  if (code === undefined) {
    try {
      await limitPhoneCodeRequests(ctx, phone, 'ussd_pin');
    } catch (error) {
      if (error instanceof AppError && error.code === 'rate-limited')
        return end('Too many codes were sent to this phone. Try again in an hour.');
      throw error;
    }
    await ctx.db.transaction((tx) => sendPhoneCode(ctx, tx, { userId, phone, purpose: 'ussd_pin' }));
    return con('To set your Qgig PIN, enter the 6-digit code we sent you by SMS:');
  }
  if (!/^[0-9]{6}$/.test(code)) return end('A code is 6 digits. Dial again for a new code.');
  const pins = rest.filter(isPin);
  const note = rest.length > 0 && !isPin(rest.at(-1)!) ? 'A PIN is 4 digits.\n' : '';
  if (pins.length === 0) return con(`${note}Choose a 4-digit PIN:`);
  if (pins.length === 1) return con(`${note}Type the same PIN again:`);
  if (pins[0] !== pins[1]) return end('The two PINs differ. Dial again to start over.');
  if (!(await verifyPhoneCode(ctx, { userId, purpose: 'ussd_pin', code, phone })))
    return end('That code is wrong or has expired. Dial again for a new one.');
  await repo.savePin(ctx.db, userId, await hashPassword(pins[0]!));
  return end(`Your Qgig PIN is set. Dial ${ctx.config.ussdServiceCode} again and enter it to use Qgig.`);
}

async function wrongPin(ctx: AppContext, account: PhoneAccount): Promise<string> {
  const counted = await repo.countWrongPin(ctx.db, account.id);
  if (!counted) return end(lockedText(new Date(Date.now() + repo.LOCK_MINUTES * 60_000)));
  if (counted.lockedUntil) return end(`Wrong PIN. Qgig USSD is locked for ${repo.LOCK_MINUTES} minutes.`);
  const left = repo.WRONG_PIN_LIMIT - counted.wrongPins;
  return end(`Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left.`);
}

function lockedText(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `Too many wrong PINs. Try again in ${minutes} min, or set a new PIN on the Qgig website.`;
}

/** Erasure: the PIN and the session lists go with the account. */
export async function eraseUssd(tx: Transaction, userId: string): Promise<void> {
  await repo.deleteForUser(tx, userId);
}
