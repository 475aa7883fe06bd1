import { and, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { phoneCodes } from './schema.js';

export type PhoneCodePurpose = (typeof phoneCodes.$inferSelect)['purpose'];

export interface NewCode {
  userId: string;
  purpose: PhoneCodePurpose;
  phone: string;
  codeHash: string;
  tries: number;
  lifetimeSeconds: number;
}

/** Stores a code, replacing the account's code for the same purpose (one statement: concurrent requests agree). */
export async function upsertCode(db: Executor, code: NewCode): Promise<void> {
  const expiresAt = sql`now() + make_interval(secs => ${code.lifetimeSeconds})`;
  await db
    .insert(phoneCodes)
    .values({ userId: code.userId, purpose: code.purpose, phone: code.phone, codeHash: code.codeHash, triesLeft: code.tries, expiresAt })
    .onConflictDoUpdate({
      target: [phoneCodes.userId, phoneCodes.purpose],
      set: { phone: code.phone, codeHash: code.codeHash, triesLeft: code.tries, expiresAt, createdAt: sql`now()` },
    });
}

/** Takes one try from the code if it has tries left and has not expired (by the database clock). */
export async function takeTry(
  db: Executor,
  userId: string,
  purpose: PhoneCodePurpose,
): Promise<{ id: string; phone: string; codeHash: string } | undefined> {
  const [row] = await db
    .update(phoneCodes)
    .set({ triesLeft: sql`${phoneCodes.triesLeft} - 1` })
    .where(
      and(
        eq(phoneCodes.userId, userId),
        eq(phoneCodes.purpose, purpose),
        gt(phoneCodes.triesLeft, 0),
        gt(phoneCodes.expiresAt, sql`now()`),
      ),
    )
    .returning({ id: phoneCodes.id, phone: phoneCodes.phone, codeHash: phoneCodes.codeHash });
  return row;
}

/** Spends a code by deleting it: of two concurrent spends, one gets true. */
export async function spendCode(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(phoneCodes).where(eq(phoneCodes.id, id)).returning({ id: phoneCodes.id });
  return rows.length > 0;
}

export async function deleteCodesOf(db: Executor, userId: string): Promise<void> {
  await db.delete(phoneCodes).where(eq(phoneCodes.userId, userId));
}
