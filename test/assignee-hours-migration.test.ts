import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { expect, it } from 'vitest';
import { MIGRATIONS, migrationUnderTest } from './support/migration-under-test.js';

const migration = migrationUnderTest('qgig_assignee_hours_migration', '_assignee_hours');

async function user(name: string, phone: string, role: 'institution' | 'professional'): Promise<string> {
  const { rows } = await migration.client.query<{ id: string }>(
    `INSERT INTO users (name, email, phone, role, password_hash) VALUES ($1, $2, $3, $4, 'x') RETURNING id`,
    [name, `${name.toLowerCase().replace(' ', '.')}@example.ug`, phone, role],
  );
  return rows[0]!.id;
}

/** A job on 30 November 2026 (Kampala) from `start` to `end` o'clock, taken by `professionalId` at `acceptedAt`. */
async function takenJob(
  institutionId: string,
  professionalId: string,
  status: string,
  [start, end]: [number, number],
  acceptedAt: string,
): Promise<string> {
  const at = (hour: number) => `2026-11-30T${String(hour).padStart(2, '0')}:00:00+03:00`;
  const { rows } = await migration.client.query<{ id: string }>(
    `INSERT INTO jobs (institution_id, role, starts_at, ends_at, shift_date, weekday, start_minute, end_minute, rate_amount, rate_unit, district, status)
     VALUES ($1, 'teacher', $2, $3, '2026-11-30', 1, $4, $5, 50000, 'day', 'Wakiso', $6) RETURNING id`,
    [institutionId, at(start), at(end), start * 60, end * 60, status],
  );
  const jobId = rows[0]!.id;
  await migration.client.query(`INSERT INTO job_assignees (job_id, professional_id, accepted_at) VALUES ($1, $2, $3)`, [
    jobId,
    professionalId,
    acceptedAt,
  ]);
  return jobId;
}

it("copies each assignee's job hours, and lets an assignee taken over hours already held (from before the check counted them) hold none", async () => {
  await migrate(drizzle(migration.client), { migrationsFolder: migration.before });
  const institution = await user('Kololo School', '+256772000131', 'institution');
  const nakato = await user('Nakato Sarah', '+256772000132', 'professional');
  const okello = await user('Okello James', '+256772000133', 'professional');
  // Completed early, then a shift overlapping it taken (completed shifts did not count before 6 December 2026).
  const worked = await takenJob(institution, nakato, 'completed', [8, 16], '2026-11-20T09:00:00Z');
  const takenOver = await takenJob(institution, nakato, 'assigned', [12, 18], '2026-11-21T09:00:00Z');
  const cancelled = await takenJob(institution, nakato, 'cancelled', [9, 11], '2026-11-19T09:00:00Z');
  const evening = await takenJob(institution, nakato, 'paid', [18, 22], '2026-11-22T09:00:00Z');
  const othersHours = await takenJob(institution, okello, 'assigned', [8, 16], '2026-11-23T09:00:00Z');

  await migrate(drizzle(migration.client), { migrationsFolder: MIGRATIONS });
  const { rows } = await migration.client.query<{ job_id: string; same_hours: boolean; holds_hours: boolean }>(
    `SELECT a.job_id, (a.starts_at, a.ends_at) = (j.starts_at, j.ends_at) AS same_hours, a.holds_hours
     FROM job_assignees a JOIN jobs j ON j.id = a.job_id`,
  );
  const holding = Object.fromEntries(rows.map((row) => [row.job_id, row.holds_hours]));
  expect(rows.every((row) => row.same_hours)).toBe(true);
  expect(holding).toEqual({ [worked]: true, [takenOver]: false, [cancelled]: false, [evening]: true, [othersHours]: true });

  const another = await migration.client.query<{ id: string }>(
    `INSERT INTO jobs (institution_id, role, starts_at, ends_at, shift_date, weekday, start_minute, end_minute, rate_amount, rate_unit, district)
     VALUES ($1, 'teacher', '2026-11-30T10:00:00+03:00', '2026-11-30T11:00:00+03:00', '2026-11-30', 1, 600, 660, 50000, 'day', 'Wakiso') RETURNING id`,
    [institution],
  );
  const assign = `INSERT INTO job_assignees (job_id, professional_id, starts_at, ends_at) SELECT id, $2, starts_at, ends_at FROM jobs WHERE id = $1`;
  await expect(migration.client.query(assign, [another.rows[0]!.id, nakato])).rejects.toMatchObject({
    code: '23P01',
    constraint: 'job_assignees_no_overlap',
  });
});
