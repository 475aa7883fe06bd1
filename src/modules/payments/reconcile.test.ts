import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rowsOf } from '../../platform/db.js';
import { startTestApp, type TestApp } from '../../../test/support/app.js';
import { makeInstitution } from '../../../test/support/profile-factories.js';
import { RECONCILE_BATCH_SIZE, reconcileStalePayments } from './service.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.close();
});

it('re-checks the least recently checked pending payments first, so a pile larger than a batch cannot starve newer ones', async () => {
  const institution = await makeInstitution(t.app);
  const count = RECONCILE_BATCH_SIZE + 20;
  // One assigned job and one pending payment per row, 10 minutes to ~19 hours old; the newest is the one the old order starved.
  await t.ctx.db.execute(sql`
    WITH new_jobs AS (
      INSERT INTO jobs (institution_id, role, starts_at, ends_at, shift_date, weekday, start_minute, end_minute, rate_amount, rate_unit, district, status)
      SELECT ${institution.id}::uuid, 'teacher', now() + make_interval(days => 3, mins => n), now() + make_interval(days => 3, mins => n + 60),
             (now() + interval '3 days')::date, 1, 0, 60, 50000, 'day', 'Wakiso', 'assigned'
      FROM generate_series(1, ${count}) AS n
      RETURNING id)
    INSERT INTO transactions (job_id, payer_id, amount, payment_method, order_tracking_id, created_at)
    SELECT id, ${institution.id}::uuid, 55000, 'mobile_money', 'stale-' || row_number() OVER (), now() - interval '10 minutes' - make_interval(mins => row_number() OVER ()::int)
    FROM new_jobs`);
  const newest = rowsOf<{ id: string }>(await t.ctx.db.execute(sql`SELECT id FROM transactions ORDER BY created_at DESC LIMIT 1`))[0]!.id;

  const first = await reconcileStalePayments(t.ctx);
  expect(first).toHaveLength(RECONCILE_BATCH_SIZE);
  expect(first).not.toContain(newest);
  const second = await reconcileStalePayments(t.ctx);
  expect(second).toHaveLength(RECONCILE_BATCH_SIZE);
  expect(second).toContain(newest);
  // The second run took the 20 never checked first, then the longest unchecked of the rest.
  expect(new Set([...first, ...second]).size).toBe(count);
});
