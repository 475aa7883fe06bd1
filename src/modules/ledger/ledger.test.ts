import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { createAdmin, type RegisteredUser } from '../../../test/support/factories.js';
import { call } from '../../../test/support/http.js';
import {
  endShift,
  makeReadyProfessional,
  markPaid,
  nextKampalaDate,
  postJob,
  restoreReliability,
} from '../../../test/support/job-factories.js';
import { controlsFor, type RunningSimulator } from '../../../test/support/pesapal.js';
import { makeInstitution, type Institution, type Professional } from '../../../test/support/profile-factories.js';
import { processPayout } from '../payouts/service.js';

// Random sequences of what moves money (payments, completions, disputes and their resolutions,
// no-shows, cancellations, payouts that fail and are retried) through the same HTTP routes and
// services production uses; after each step the ledger must agree with the rows it follows.

let t: TestApp;
let institution: Institution;
let professional: Professional;
let admin: RegisteredUser;
let momo: RunningSimulator;
let day = 0;
/** Every paid job's total, by id: what was paid in. */
const totals = new Map<string, number>();
const PHONE = '+256772555201';

beforeAll(async () => {
  t = await startTestApp({ listen: true });
  const origin = t.ctx.config.publicUrl;
  momo = controlsFor(origin, `${origin}/momo-sim`, `${origin}/momo-sim`);
  institution = await makeInstitution(t.app);
  const everyDay = Array.from({ length: 7 }, (_, weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  professional = await makeReadyProfessional(t.app, t.ctx, { availability: everyDay });
  admin = await createAdmin(t.app, t.ctx);
  const method = await call(t.app, 'PUT', '/me/payout-method', { token: professional.accessToken, body: { phone: PHONE, network: 'mtn' } });
  expect(method.status).toBe(200);
});
afterAll(() => t?.close());

type Step =
  | { kind: 'pay' }
  | { kind: 'complete'; pick: number }
  | { kind: 'resolve'; pick: number; payPercent: number }
  | { kind: 'noShow'; pick: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'giveBack'; pick: number }
  | { kind: 'retake'; pick: number }
  | { kind: 'payout'; pick: number; fail: boolean }
  | { kind: 'retry'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'pay' }),
  fc.record({ kind: fc.constant('complete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), payPercent: fc.integer({ min: 0, max: 100 }) }),
  fc.record({ kind: fc.constant('noShow' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('giveBack' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retake' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('payout' as const), pick: fc.nat(), fail: fc.boolean() }),
  fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }),
);

const rows = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await t.ctx.db.execute(query));
const pickFrom = <T>(items: T[], pick: number): T | undefined => (items.length ? items[pick % items.length] : undefined);
const jobsIn = async (status: string) =>
  (
    await rows<{ id: string }>(sql`SELECT id FROM jobs WHERE institution_id = ${institution.id} AND status = ${status} ORDER BY created_at`)
  ).map((row) => row.id);
const payoutsIn = async (status: string) =>
  (await rows<{ id: string }>(sql`SELECT id FROM payouts WHERE status = ${status} AND phone IS NOT NULL ORDER BY created_at`)).map(
    (row) => row.id,
  );

async function paidJob(): Promise<void> {
  day += 1;
  const job = await postJob(t.app, institution.accessToken, { date: nextKampalaDate(day % 7, 2 + (day % 300)) });
  await restoreReliability(t.ctx, professional.id);
  expect((await call(t.app, 'POST', `/jobs/${job.body.id}/accept`, { token: professional.accessToken })).status).toBe(200);
  await markPaid(t.ctx, job.body.id);
  totals.set(job.body.id, job.body.total);
}

async function run(action: Step): Promise<void> {
  const owner = { token: institution.accessToken };
  switch (action.kind) {
    case 'pay':
      return paidJob();
    case 'complete': {
      const jobId = pickFrom(await jobsIn('paid'), action.pick);
      if (!jobId) return;
      await endShift(t.ctx, jobId);
      expect((await call(t.app, 'POST', `/jobs/${jobId}/complete`, owner)).status).toBe(200);
      return;
    }
    case 'resolve': {
      const jobId = pickFrom(await jobsIn('paid'), action.pick);
      if (!jobId) return;
      await t.ctx.db.execute(sql`UPDATE jobs SET status = 'disputed', dispute_reason = 'Left early' WHERE id = ${jobId}`);
      const body = { payPercent: action.payPercent, reason: 'Settled by the property test' };
      expect((await call(t.app, 'POST', `/admin/jobs/${jobId}/resolve`, { token: admin.accessToken, body })).status).toBe(200);
      return;
    }
    case 'noShow': {
      const jobId = pickFrom(await jobsIn('paid'), action.pick);
      if (!jobId) return;
      await endShift(t.ctx, jobId);
      expect((await call(t.app, 'POST', `/jobs/${jobId}/no-show`, owner)).status).toBe(200);
      return;
    }
    case 'cancel': {
      const jobId = pickFrom([...(await jobsIn('paid')), ...(await jobsIn('assigned')), ...(await jobsIn('open'))], action.pick);
      if (!jobId) return;
      const body = { reason: 'Not needed any more' };
      expect((await call(t.app, 'POST', `/jobs/${jobId}/cancel`, { ...owner, body })).status).toBe(200);
      return;
    }
    case 'giveBack': {
      // The job reopens holding its payment: escrow keeps it.
      const jobId = pickFrom(await jobsIn('paid'), action.pick);
      if (!jobId) return;
      const body = { token: professional.accessToken, body: { reason: 'I cannot come' } };
      expect((await call(t.app, 'POST', `/jobs/${jobId}/cancel`, body)).body.status).toBe('open');
      return;
    }
    case 'retake': {
      const jobId = pickFrom(await jobsIn('open'), action.pick);
      if (!jobId) return;
      // Give-backs cost reliability points; the ledger is what is under test, not the restriction they bring.
      await restoreReliability(t.ctx, professional.id);
      expect((await call(t.app, 'POST', `/jobs/${jobId}/accept`, { token: professional.accessToken })).body.status).toBe('paid');
      return;
    }
    case 'payout': {
      const payoutId = pickFrom(await payoutsIn('pending'), action.pick);
      if (!payoutId) return;
      await momo.control(
        `/payees/${PHONE}`,
        action.fail ? { status: 'FAILED', reason: 'PAYEE_NOT_ALLOWED_TO_RECEIVE' } : { status: 'SUCCESSFUL' },
      );
      return processPayout(t.ctx, payoutId);
    }
    case 'retry': {
      const payoutId = pickFrom(await payoutsIn('failed'), action.pick);
      if (!payoutId) return;
      expect((await call(t.app, 'POST', `/admin/payouts/${payoutId}/retry`, { token: admin.accessToken })).status).toBe(200);
      return;
    }
  }
}

/** What the ledger must say, computed from the jobs and payouts themselves. */
async function checkLedger(): Promise<void> {
  const ledger = await call(t.app, 'GET', '/admin/ledger', { token: admin.accessToken });
  expect(ledger.body.unbalancedJournals).toBe(0);
  const balance = Object.fromEntries((ledger.body.accounts as { account: string; balance: number }[]).map((a) => [a.account, a.balance]));
  const statuses = await rows<{ id: string; status: string }>(sql`SELECT id, status FROM jobs WHERE institution_id = ${institution.id}`);
  const totalIn = (...wanted: string[]) =>
    statuses.filter((job) => wanted.includes(job.status)).reduce((sum, job) => sum + (totals.get(job.id) ?? 0), 0);
  const paidIn = [...totals.values()].reduce((sum, total) => sum + total, 0);
  const wentOut = totalIn('completed', 'cancelled', 'no_show');
  // Escrow is what was paid in minus what went out (released at completion, refunded), and what the
  // unsettled jobs hold, reopened ones too (every open job here was paid, then given back).
  expect(balance.escrow).toBe(paidIn - wentOut);
  expect(balance.escrow).toBe(totalIn('open', 'paid', 'checked_in', 'checked_out', 'disputed'));
  expect(balance.institution_payments).toBe(-paidIn);
  expect(balance.pesapal_refunds).toBe(totalIn('cancelled', 'no_show'));
  const [payouts] = await rows<{ paid_out: string; in_flight: string; owed: string }>(sql`
    SELECT
      coalesce(sum(amount) FILTER (WHERE status = 'successful'), 0) AS paid_out,
      coalesce(sum(amount) FILTER (WHERE status = 'pending' AND sent_at IS NOT NULL), 0) AS in_flight,
      coalesce(sum(amount) FILTER (WHERE status = 'failed' OR (status = 'pending' AND sent_at IS NULL)), 0) AS owed
    FROM payouts`);
  expect(balance.payouts_paid).toBe(Number(payouts!.paid_out));
  expect(balance.payouts_in_flight).toBe(Number(payouts!.in_flight));
  expect(balance.professional_payable! + balance.institution_payable!).toBe(Number(payouts!.owed));
  expect(Object.values(balance).reduce((sum, value) => sum + value, 0)).toBe(0);
}

describe('the escrow ledger', () => {
  it('always balances, and escrow equals what was paid in minus what went out, whatever the sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 10 }), async (steps) => {
        await paidJob();
        for (const action of steps) {
          await run(action);
          await checkLedger();
        }
      }),
      { numRuns: 6 },
    );
  });
});
