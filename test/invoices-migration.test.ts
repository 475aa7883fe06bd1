import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { expect, it } from 'vitest';
import { MIGRATIONS, migrationUnderTest } from './support/migration-under-test.js';

const migration = migrationUnderTest('qgig_invoices_migration', '_invoices');

/** A paid job of the institution, its payment with PesaPal's code, and the payment's events at `paidAt`. */
async function payment(institutionId: string, label: string, events: string[], paidAt: string, status = 'completed'): Promise<void> {
  const { rows: jobs } = await migration.client.query<{ id: string }>(
    `INSERT INTO jobs (institution_id, role, starts_at, ends_at, shift_date, weekday, start_minute, end_minute, rate_amount, rate_unit, district, status)
     VALUES ($1, 'teacher', '2027-03-01T05:00:00Z', '2027-03-01T13:00:00Z', '2027-03-01', 1, 480, 960, 50000, 'day', 'Wakiso', 'paid') RETURNING id`,
    [institutionId],
  );
  const jobId = jobs[0]!.id;
  const { rows: transactions } = await migration.client.query<{ id: string }>(
    `INSERT INTO transactions (job_id, payer_id, amount, status, payment_method, confirmation_code, settled_at)
     VALUES ($1, $2, 55000, $3, 'mobile_money', $4, $5) RETURNING id`,
    [jobId, institutionId, status, `CODE-${label}`, paidAt],
  );
  for (const type of events)
    await migration.client.query(`INSERT INTO transaction_events (transaction_id, type, at) VALUES ($1, $2, $3)`, [
      transactions[0]!.id,
      type,
      paidAt,
    ]);
}

it('numbers the jobs paid before invoices came in the order they were paid, per Kampala year, and sets the counters after them', async () => {
  await migrate(drizzle(migration.client), { migrationsFolder: migration.before });
  const { rows } = await migration.client.query<{ id: string }>(
    `INSERT INTO users (name, email, phone, role, password_hash) VALUES ('Namubiru Agnes', 'agnes@example.ug', '+256772000125', 'institution', 'x') RETURNING id`,
  );
  const institution = rows[0]!.id;
  // 23:00 on 31 December in Kampala: still 2025.
  await payment(institution, 'late-2025', ['created', 'completed'], '2025-12-31T20:00:00Z');
  // 08:00 on 1 January, then 01:00 on 1 January (22:00 UTC the day before): 2026, the earlier first.
  await payment(institution, 'morning-2026', ['created', 'completed'], '2026-01-01T05:00:00Z');
  await payment(institution, 'night-2026', ['created', 'completed'], '2025-12-31T22:00:00Z');
  // Paid after its job was cancelled (refunded), and never paid: no invoice.
  await payment(institution, 'refunded', ['created', 'completed', 'job_not_payable'], '2026-01-02T05:00:00Z');
  await payment(institution, 'pending', ['created'], '2026-01-02T06:00:00Z', 'pending');

  await migrate(drizzle(migration.client), { migrationsFolder: MIGRATIONS });
  const { rows: invoices } = await migration.client.query(
    `SELECT i.number, i.confirmation_code AS code, i.issued_at = t.settled_at AS issued_when_paid
     FROM invoices i JOIN transactions t ON t.id = i.transaction_id AND t.job_id = i.job_id ORDER BY i.number`,
  );
  expect(invoices).toEqual([
    { number: 'QG-2025-000001', code: 'CODE-late-2025', issued_when_paid: true },
    { number: 'QG-2026-000001', code: 'CODE-night-2026', issued_when_paid: true },
    { number: 'QG-2026-000002', code: 'CODE-morning-2026', issued_when_paid: true },
  ]);
  const { rows: counters } = await migration.client.query(`SELECT year, last_sequence FROM invoice_counters ORDER BY year`);
  expect(counters).toEqual([
    { year: 2025, last_sequence: 1 },
    { year: 2026, last_sequence: 2 },
  ]);
});
