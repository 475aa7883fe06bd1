import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHARGE } from '../../contracts/pricing.js';
import { minutesToClock } from '../../contracts/profiles.js';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { call } from '../../../test/support/http.js';
import { nextKampalaDate, postJob, validJob } from '../../../test/support/job-factories.js';
import { referencePrice } from '../../../test/support/pricing.js';
import { makeInstitution, type Institution } from '../../../test/support/profile-factories.js';

const FEE_PERCENT = 12;
let t: TestApp;
let institution: Institution;

beforeAll(async () => {
  t = await startTestApp({ env: { PLATFORM_FEE_PERCENT: String(FEE_PERCENT) } });
  institution = await makeInstitution(t.app);
});
afterAll(async () => {
  await t.close();
});

const jobCount = async () => rowsOf<{ n: number }>(await t.ctx.db.execute(sql`SELECT count(*)::int AS n FROM jobs`))[0]!.n;

/** The largest hourly rate whose shift of `minutes` stays chargeable, by bisection over the reference rule (below the 100,000,000 cap from 20 h up). */
function largestChargeableRate(minutes: number): number {
  let [low, high] = [1, 100_000_000];
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (referencePrice(middle, 'hour', minutes, FEE_PERCENT).total <= MAX_CHARGE) low = middle;
    else high = middle - 1;
  }
  return low;
}

describe('a job’s hours, pay, fee and total', () => {
  it('charges an hourly 08:00–16:00 shift eight hours of pay plus PLATFORM_FEE_PERCENT, not one hour', async () => {
    const job = await postJob(t.app, institution.accessToken, {
      rateAmount: 10_000,
      rateUnit: 'hour',
      startTime: '08:00',
      endTime: '16:00',
    });
    expect(job.body).toMatchObject({ rateAmount: 10_000, rateUnit: 'hour', hours: 8, pay: 80_000, fee: 9_600, total: 89_600 });
    const read = await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken });
    expect(read.body).toMatchObject({ hours: 8, pay: 80_000, fee: 9_600, total: 89_600 });
  });

  it('follows an edit of the rate or the times', async () => {
    const job = await postJob(t.app, institution.accessToken, { rateAmount: 50_000, rateUnit: 'day' });
    expect(job.body).toMatchObject({ pay: 50_000, fee: 6_000, total: 56_000 });
    const edited = await call(t.app, 'PATCH', `/jobs/${job.body.id}`, {
      token: institution.accessToken,
      body: { rateUnit: 'hour', rateAmount: 7_001, startTime: '22:00', endTime: '01:30' },
    });
    // 3.5 h × 7,001 = 24,503.5 → 24,504; 12% of it is 2,940.48 → 2,940.
    expect(edited.body).toMatchObject({ hours: 3.5, pay: 24_504, fee: 2_940, total: 27_444 });
  });

  it('tells the web app the fee percentage for its preview', async () => {
    expect((await call(t.app, 'GET', '/pricing', { token: institution.accessToken })).body).toEqual({ platformFeePercent: FEE_PERCENT });
  });

  it('posts every job whose total fits the payment column with the rule’s figures, and refuses the rest with 422, storing nothing (property)', async () => {
    const date = nextKampalaDate(2, 3);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1_200, max: 1_439 }), fc.integer({ min: -3, max: 3 }), async (minutes, offset) => {
        const rateAmount = largestChargeableRate(minutes) + offset;
        const expected = referencePrice(rateAmount, 'hour', minutes, FEE_PERCENT);
        const before = await jobCount();
        const response = await call(t.app, 'POST', '/jobs', {
          token: institution.accessToken,
          body: validJob({ date, startTime: '00:00', endTime: minutesToClock(minutes), rateUnit: 'hour', rateAmount }),
        });
        if (expected.total <= MAX_CHARGE) {
          expect(response.status).toBe(201);
          expect(response.body).toMatchObject(expected);
        } else {
          expect(response.status).toBe(422);
          expect(response.headers['content-type']).toContain('application/problem+json');
          expect(response.body.errors).toEqual([expect.objectContaining({ path: 'rateAmount' })]);
          expect(await jobCount()).toBe(before);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses with 422 an edit that would take the total past the column, and keeps the job as it was', async () => {
    const job = await postJob(t.app, institution.accessToken, {
      rateAmount: 100_000_000,
      rateUnit: 'day',
      startTime: '00:00',
      endTime: '23:00',
    });
    const edited = await call(t.app, 'PATCH', `/jobs/${job.body.id}`, { token: institution.accessToken, body: { rateUnit: 'hour' } });
    expect(edited.status).toBe(422);
    expect(edited.headers['content-type']).toContain('application/problem+json');
    expect((await call(t.app, 'GET', `/jobs/${job.body.id}`, { token: institution.accessToken })).body).toMatchObject({
      rateUnit: 'day',
      total: 112_000_000,
    });
  });
});
