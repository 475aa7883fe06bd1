import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/schema.js';
import { jobs } from '../jobs/schema.js';

/**
 * What a job's owner and its assignee write each other. A conversation is the job and the
 * professional: when an assignee gives a job back, the next one does not read what was said before.
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id),
    /** The assignee when it was written: one side of the conversation, whoever wrote it. */
    professionalId: uuid('professional_id')
      .notNull()
      .references(() => users.id),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id),
    recipientId: uuid('recipient_id')
      .notNull()
      .references(() => users.id),
    /** As written; null once the sender erased their account. */
    body: text('body'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Code points, as the API counts them.
    check('messages_body_length', sql`${t.body} IS NULL OR char_length(${t.body}) BETWEEN 1 AND 2000`),
    check('messages_not_to_self', sql`${t.senderId} <> ${t.recipientId}`),
    index('messages_conversation_idx').on(t.jobId, t.professionalId, t.createdAt, t.id),
    index('messages_unread_idx')
      .on(t.recipientId, t.jobId)
      .where(sql`read_at IS NULL`),
    index('messages_sender_idx').on(t.senderId),
  ],
);
