import { and, asc, count, eq, isNull, or, sql } from 'drizzle-orm';
import { rowsOf, type Executor } from '../../platform/db.js';
import { users } from '../accounts/schema.js';
import { jobAssignees, jobs } from '../jobs/schema.js';
import { messages } from './schema.js';

/** A conversation: the job and the professional the owner talks to on it. */
export interface Conversation {
  jobId: string;
  professionalId: string;
}

const withSender = {
  message: messages,
  senderName: sql<string>`${users.name}`,
};

export type MessageWithSender = { message: typeof messages.$inferSelect; senderName: string };

const inConversation = (conversation: Conversation) =>
  and(eq(messages.jobId, conversation.jobId), eq(messages.professionalId, conversation.professionalId));

/**
 * Writes a message if, as it runs, `professionalId` is still the job's assignee and the job ended
 * less than `openDays` ago: a give-back or the window closing meanwhile inserts nothing (undefined).
 */
export async function insertIfOpen(
  db: Executor,
  values: { jobId: string; professionalId: string; senderId: string; recipientId: string; body: string },
  openDays: number,
): Promise<string | undefined> {
  const [row] = rowsOf<{ id: string }>(
    await db.execute(sql`
      INSERT INTO ${messages} (job_id, professional_id, sender_id, recipient_id, body)
      SELECT ${jobs.id}, ${jobAssignees.professionalId}, ${values.senderId}::uuid, ${values.recipientId}::uuid, ${values.body}::text
      FROM ${jobs} JOIN ${jobAssignees} ON ${jobAssignees.jobId} = ${jobs.id}
      WHERE ${jobs.id} = ${values.jobId} AND ${jobAssignees.professionalId} = ${values.professionalId}
        AND ${jobs.deletedAt} IS NULL AND now() < ${jobs.endsAt} + make_interval(days => ${openDays})
      RETURNING id`),
  );
  return row?.id;
}

/** Oldest first, keyset-paged on (created_at, id) after the message `afterId`. */
export async function listConversation(db: Executor, conversation: Conversation, limit: number, afterId?: string) {
  return db
    .select(withSender)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(
      and(
        inConversation(conversation),
        afterId ? sql`(${messages.createdAt}, ${messages.id}) > (SELECT created_at, id FROM messages WHERE id = ${afterId})` : undefined,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.id))
    .limit(limit);
}

export async function findWithSender(db: Executor, id: string): Promise<MessageWithSender | undefined> {
  const [row] = await db.select(withSender).from(messages).innerJoin(users, eq(users.id, messages.senderId)).where(eq(messages.id, id));
  return row;
}

export async function countUnread(db: Executor, conversation: Conversation, recipientId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(messages)
    .where(and(inConversation(conversation), eq(messages.recipientId, recipientId), isNull(messages.readAt)));
  return row?.unread ?? 0;
}

export async function markRead(db: Executor, conversation: Conversation, recipientId: string): Promise<number> {
  const rows = await db
    .update(messages)
    .set({ readAt: sql`now()` })
    .where(and(inConversation(conversation), eq(messages.recipientId, recipientId), isNull(messages.readAt)))
    .returning({ id: messages.id });
  return rows.length;
}

/** Every message the user wrote or received, oldest first. */
export async function allInvolving(db: Executor, userId: string): Promise<MessageWithSender[]> {
  return db
    .select(withSender)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(or(eq(messages.senderId, userId), eq(messages.recipientId, userId)))
    .orderBy(asc(messages.createdAt), asc(messages.id));
}

export async function removeBodiesBy(db: Executor, senderId: string): Promise<void> {
  await db.update(messages).set({ body: null }).where(eq(messages.senderId, senderId));
}
