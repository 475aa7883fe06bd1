import { eq, inArray, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { AuditEntry } from '../../contracts/admin.js';
import type { Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { documents } from '../documents/schema.js';
import { jobs } from '../jobs/schema.js';
import { DOCUMENT_LABELS } from '../notifications/templates.js';
import { institutions } from '../profiles/schema.js';

type AuditSubject = AuditEntry['subject'];
type AuditPerson = NonNullable<AuditSubject['person']>;
export interface AuditTarget {
  targetType: string;
  targetId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const person = { id: users.id, name: users.name, email: users.email };
const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const shiftDay = (isoDate: string) => DateTime.fromISO(isoDate).setLocale('en-GB').toFormat('d LLL yyyy');

/** The ids among `targets` of one kind that can be records of ours (a target id is free text). */
function idsOf(targets: AuditTarget[], kind: string): string[] {
  return [
    ...new Set(targets.filter((target) => target.targetType === kind && UUID.test(target.targetId)).map((target) => target.targetId)),
  ];
}

async function namedUsers(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db.select(person).from(users).where(inArray(users.id, ids));
  return rows.map((row) => ({ kind: 'user', id: row.id, label: row.name, person: row }));
}

async function namedDocuments(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: documents.id, docType: documents.docType, person })
    .from(documents)
    .innerJoin(users, eq(users.id, documents.userId))
    .where(inArray(documents.id, ids));
  return rows.map((row) => ({
    kind: 'document',
    id: row.id,
    label: `${row.person.name}’s ${DOCUMENT_LABELS[row.docType] ?? 'document'}`,
    person: row.person,
  }));
}

async function namedJobs(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: jobs.id,
      role: jobs.role,
      shiftDate: jobs.shiftDate,
      institutionName: sql<string>`coalesce(${institutions.name}, ${users.name})`,
      person,
    })
    .from(jobs)
    .innerJoin(users, eq(users.id, jobs.institutionId))
    .leftJoin(institutions, eq(institutions.userId, jobs.institutionId))
    .where(inArray(jobs.id, ids));
  return rows.map((row) => ({
    kind: 'job',
    id: row.id,
    label: `${capitalised(row.role)} at ${row.institutionName}, ${shiftDay(row.shiftDate)}`,
    person: row.person,
  }));
}

/**
 * Names what a page of audit entries is about, in one lookup by primary key per kind: an account by
 * its name, a document by its owner and type, a job by its role, institution and day. A record that
 * is gone (or a kind without names yet) keeps only its id.
 */
export async function nameSubjects(db: Executor, targets: AuditTarget[]): Promise<(target: AuditTarget) => AuditSubject> {
  const named = (
    await Promise.all([
      namedUsers(db, idsOf(targets, 'user')),
      namedDocuments(db, idsOf(targets, 'document')),
      namedJobs(db, idsOf(targets, 'job')),
    ])
  ).flat();
  const byKey = new Map<string, { label: string; person: AuditPerson }>(named.map((subject) => [`${subject.kind} ${subject.id}`, subject]));
  return ({ targetType, targetId }) => {
    const subject = byKey.get(`${targetType} ${targetId.toLowerCase()}`);
    return { kind: targetType, id: targetId, label: subject?.label ?? null, person: subject?.person ?? null };
  };
}
