import { z } from 'zod';
import { KeysetPageQuery } from './common.js';

/** The longest message, in Unicode code points (what PostgreSQL's char_length counts): an emoji is one. */
export const MESSAGE_MAX_LENGTH = 2000;

/** A message's length as the database measures it: code points, not UTF-16 units. */
export const messageLength = (text: string): number => [...text].length;

/**
 * What a party writes, stored exactly as given (no trimming, no escaping: it is shown as text). Only
 * what cannot be text is refused: nothing but spaces, control characters beside line breaks and tabs, half emoji.
 */
export const MessageBody = z.object({
  body: z
    .string()
    .refine((text) => messageLength(text) >= 1, 'Write a message')
    .refine(
      (text) => messageLength(text) <= MESSAGE_MAX_LENGTH,
      `Keep a message to ${MESSAGE_MAX_LENGTH.toLocaleString('en-GB')} characters`,
    )
    .refine((text) => text.trim() !== '' || text === '', 'Write a message, not only spaces')
    .refine((text) => !/[^\P{Cc}\t\n\r]/u.test(text), 'Remove the control characters (invisible codes) from this message')
    // Half an emoji (a lone UTF-16 surrogate) cannot be stored as UTF-8 as given.
    .refine((text) => !/\p{Cs}/u.test(text), 'Remove the broken characters from this message'),
});
export type MessageBody = z.output<typeof MessageBody>;

export const MessageView = z
  .object({
    id: z.uuid(),
    jobId: z.uuid(),
    senderId: z.uuid(),
    /** "Former user" once the sender erased their account. */
    senderName: z.string(),
    /** The text as written; null once its sender erased their account (`removed: true`). */
    body: z.string().nullable(),
    removed: z.boolean(),
    /** When the recipient read it (POST /jobs/{id}/messages/read), or null. */
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Message' });
export type MessageView = z.output<typeof MessageView>;

export const MessagesQuery = KeysetPageQuery;

export const MessagePage = z
  .object({
    items: z.array(MessageView),
    nextCursor: z.string().nullable(),
    /** Messages to the caller on this job not read yet (0 for an administrator). */
    unreadMessages: z.number().int(),
  })
  .meta({ id: 'MessagePage' });
export type MessagePage = z.output<typeof MessagePage>;

export const MessagesRead = z.object({ marked: z.number().int() });

/** The live `messages-read` event: the other party read what the caller wrote on this job. */
export const MessagesReadEvent = z.object({ jobId: z.uuid() });
