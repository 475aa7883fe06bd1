import type { UssdForm } from '../../contracts/phones.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { toUgandaE164 } from '../../platform/phone.js';
import { accountByPhone, hashPassword, verifyPassword, type PhoneAccount } from '../accounts/service.js';
import * as repo from './repository.js';
import { menu } from './menu.js';

/** PUT /me/pin: argon2id, like a password; a new PIN also lifts a lock. */
export async function setPin(ctx: AppContext, caller: AuthenticatedUser, pin: string): Promise<void> {
  await repo.savePin(ctx.db, caller.id, await hashPassword(pin));
}

const end = (text: string) => `END ${text}`;
const con = (text: string) => `CON ${text}`;

/**
 * POST /ussd: one step of a session, answered from `text` (every answer so far, joined by `*`) and
 * the database. The first answer is the PIN, checked again at every step; the rest walk the menu.
 */
export async function answerUssd(ctx: AppContext, form: UssdForm): Promise<string> {
  const phone = toUgandaE164(form.phoneNumber);
  const account = phone ? await accountByPhone(ctx.db, phone) : undefined;
  const site = ctx.config.publicUrl;
  if (!account) return end(`This phone is not registered with Qgig. Register at ${site}/register`);
  if (account.role !== 'professional') return end(`Qgig by USSD is for professionals. Use ${site}`);
  if (account.status !== 'active') return end(`Your Qgig account is suspended. Contact ${ctx.config.support.email}`);
  const pin = await repo.findPin(ctx.db, account.id);
  if (!pin) return end(`Set your Qgig PIN first: sign in at ${site}/account`);
  if (pin.lockedUntil && pin.lockedUntil.getTime() > Date.now()) return end(lockedText(pin.lockedUntil));
  const [entered, ...answers] = form.text === '' ? [] : form.text.split('*');
  if (entered === undefined) return con('Welcome to Qgig.\nEnter your 4-digit PIN:');
  if (!/^[0-9]{4}$/.test(entered)) return end('A Qgig PIN is 4 digits. Dial again to try.');
  if (!(await verifyPassword(pin.pinHash, entered))) return wrongPin(ctx, account);
  if (pin.wrongPins > 0) await repo.clearWrongPins(ctx.db, account.id);
  return menu(ctx, { id: account.id, role: 'professional', sessionId: `ussd:${form.sessionId}` }, form.sessionId, answers);
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
