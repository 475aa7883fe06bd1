import { sql, type SQL } from 'drizzle-orm';
import { LICENCE_REQUIRED_ROLES } from '../../contracts/documents.js';
import type { VerificationState } from '../../contracts/profiles.js';
import { rowsOf, type Database, type Executor } from '../../platform/db.js';

const KAMPALA_TODAY = sql.raw(`(now() AT TIME ZONE 'Africa/Kampala')::date`);

/**
 * An approved document of one of `types` held by `userId`, its expiry day (Kampala) not come yet: one
 * expiring today stops counting at midnight, before the daily task marks it `expired`.
 */
function holdsValid(userId: SQL, types: readonly string[]): SQL {
  const typeList = sql.join(
    types.map((type) => sql`${type}::doc_type`),
    sql`, `,
  );
  return sql`EXISTS (SELECT 1 FROM documents d
    WHERE d.user_id = ${userId} AND d.status = 'approved' AND d.doc_type IN (${typeList})
      AND (d.expires_on IS NULL OR d.expires_on > ${KAMPALA_TODAY}))`;
}

const holdsNin = (userId: SQL) => holdsValid(userId, ['nin']);
const holdsCredential = (userId: SQL) => holdsValid(userId, ['certificate', 'license']);
const holdsLicence = (userId: SQL) => holdsValid(userId, ['license']);
const LICENSED_ROLES = sql.raw(`ARRAY[${LICENCE_REQUIRED_ROLES.map((role) => `'${role}'`).join(', ')}]::text[]`);
const needsLicence = (userId: SQL) =>
  sql`EXISTS (SELECT 1 FROM professionals lp WHERE lp.user_id = ${userId} AND lp.roles && ${LICENSED_ROLES})`;

/**
 * The one definition of "verified": an approved NIN and an approved certificate or licence, none
 * expired; a nurse or midwife needs the licence.
 */
const qualifies = (userId: SQL) =>
  sql`(${holdsNin(userId)} AND ${holdsCredential(userId)} AND (${holdsLicence(userId)} OR NOT ${needsLicence(userId)}))`;

/**
 * Sets `professionals.verified` from the user's documents, inside the caller's transaction, and
 * returns the stored flag afterwards (false while the user has no professional profile).
 * Recomputations for one user queue behind each other, and each reads the documents only once the
 * one before it has committed: two admins approving the NIN and the certificate at the same moment
 * must not each miss the other's approval.
 */
export async function recomputeVerification(tx: Executor, userId: string): Promise<boolean> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`verification:${userId}`}, 0))`);
  const result = await tx.execute(sql`
    WITH v AS (SELECT ${qualifies(sql`${userId}::uuid`)} AS ok),
    changed AS (
      UPDATE professionals p
         SET verified = v.ok,
             verified_at = CASE WHEN v.ok THEN now() END,
             updated_at = now()
        FROM v
       WHERE p.user_id = ${userId} AND p.verified IS DISTINCT FROM v.ok
      RETURNING p.verified)
    SELECT coalesce((SELECT verified FROM changed), (SELECT verified FROM professionals WHERE user_id = ${userId}), false) AS verified`);
  return rowsOf<{ verified: boolean }>(result)[0]!.verified;
}

/**
 * Un-verifies every verified professional who no longer qualifies (a credential's expiry day came
 * before the daily task marked it, or a nurse verified before licences were required); returns their ids.
 */
export async function expireLapsedVerifications(db: Database): Promise<string[]> {
  const candidates = await db.execute(
    sql`SELECT p.user_id AS "userId" FROM professionals p WHERE p.verified AND NOT ${qualifies(sql.raw('p.user_id'))}`,
  );
  const lapsed: string[] = [];
  for (const { userId } of rowsOf<{ userId: string }>(candidates)) {
    // One user at a time, under the same lock as every decision, so a just-approved renewal is seen.
    if (!(await db.transaction((tx) => recomputeVerification(tx, userId)))) lapsed.push(userId);
  }
  return lapsed;
}

export async function verificationStateOf(db: Executor, userId: string): Promise<VerificationState> {
  const id = sql`${userId}::uuid`;
  const result = await db.execute(sql`
    SELECT coalesce((SELECT verified FROM professionals WHERE user_id = ${id}), false) AS verified,
           ${holdsNin(id)} AS "hasNin",
           ${holdsCredential(id)} AS "hasCredential",
           (${holdsLicence(id)} OR NOT ${needsLicence(id)}) AS "hasLicence",
           count(*) FILTER (WHERE status = 'pending')::int AS pending,
           count(*) FILTER (WHERE status = 'approved')::int AS approved,
           count(*) FILTER (WHERE status = 'rejected')::int AS rejected
      FROM documents WHERE user_id = ${id}`);
  const row = rowsOf<{
    verified: boolean;
    hasNin: boolean;
    hasCredential: boolean;
    hasLicence: boolean;
    pending: number;
    approved: number;
    rejected: number;
  }>(result)[0]!;
  const missing: VerificationState['missing'] = [];
  if (!row.hasNin) missing.push('nin');
  if (!row.hasCredential) missing.push('credential');
  if (!row.hasLicence) missing.push('license');
  return {
    verified: row.verified,
    documents: { pending: row.pending, approved: row.approved, rejected: row.rejected },
    missing,
  };
}
