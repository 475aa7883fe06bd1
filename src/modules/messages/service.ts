import type { MessageBody, MessagePage, MessageView } from '../../contracts/job-messages.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext, RequestMeta } from '../../platform/context.js';
import type { Executor, Transaction } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import { keysetPage } from '../../platform/paging.js';
import * as throttle from '../../platform/throttle.js';
import { recordAudit } from '../audit/service.js';
import { jobParties } from '../jobs/service.js';
import { announceLive, type LiveEventLoader } from '../notifications/service.js';
import { queuePush } from '../push/service.js';
import * as repo from './repository.js';

/** The parties may write until this many days after the shift's scheduled end. */
export const MESSAGE_WINDOW_DAYS = 7;
/** Messages one sender may send in a minute, over all their jobs. */
export const MESSAGES_PER_MINUTE = 20;

const DAY_MS = 24 * 60 * 60 * 1000;

function toMessageView({ message, senderName }: repo.MessageWithSender): MessageView {
  return {
    id: message.id,
    jobId: message.jobId,
    senderId: message.senderId,
    senderName,
    body: message.body,
    removed: message.body === null,
    readAt: message.readAt?.toISOString() ?? null,
    createdAt: message.createdAt.toISOString(),
  };
}

interface Access {
  conversation: repo.Conversation;
  /** The other party; undefined for an administrator reading a dispute. */
  otherParty?: string;
}

const outsideWindow = (detail: string) => new AppError('conflict', 'outside-message-window', detail);

/**
 * Who may use a job's conversation: its owner and its assignee, from the assignment until
 * MESSAGE_WINDOW_DAYS after the end (409 outside that); an administrator only reads it, only while
 * the job is disputed. Anyone else gets 404, as for a job they may not see.
 */
async function accessOf(db: Executor, caller: AuthenticatedUser, jobId: string, adminMayRead = false): Promise<Access> {
  const parties = await jobParties(db, jobId);
  if (!parties) throw notFound('Job');
  const { job, assigneeId } = parties;
  if (caller.role === 'admin') {
    if (adminMayRead && job.status === 'disputed' && assigneeId) return { conversation: { jobId, professionalId: assigneeId } };
    throw notFound('Job');
  }
  const isOwner = caller.id === job.institutionId;
  if (!isOwner && caller.id !== assigneeId) throw notFound('Job');
  if (!assigneeId) throw outsideWindow('Messages open once a professional has taken this shift');
  if (Date.now() >= job.endsAt.getTime() + MESSAGE_WINDOW_DAYS * DAY_MS) {
    throw outsideWindow(`Messages close ${MESSAGE_WINDOW_DAYS} days after the shift ends`);
  }
  return { conversation: { jobId, professionalId: assigneeId }, otherParty: isOwner ? assigneeId : job.institutionId };
}

/** GET /jobs/{id}/messages: the conversation oldest first, with how many messages to the caller are unread. */
export async function listMessages(
  ctx: AppContext,
  caller: AuthenticatedUser,
  jobId: string,
  query: { limit: number; cursor?: string | undefined },
  meta: RequestMeta,
): Promise<MessagePage> {
  const { conversation, otherParty } = await accessOf(ctx.db, caller, jobId, true);
  return ctx.db.transaction(async (tx) => {
    const rows = await repo.listConversation(tx, conversation, query.limit + 1, query.cursor);
    if (!otherParty) {
      await recordAudit(tx, { actorId: caller.id, action: 'job.messages.read', targetType: 'job', targetId: jobId, ip: meta.ip });
    }
    return {
      ...keysetPage(rows, query.limit, (row) => row.message.id, toMessageView),
      unreadMessages: otherParty ? await repo.countUnread(tx, conversation, caller.id) : 0,
    };
  });
}

/**
 * POST /jobs/{id}/messages: stores the text as given and delivers it. The insert itself checks that
 * the sender's side of the conversation still holds (the assignee unchanged, the window open).
 */
export async function sendMessage(ctx: AppContext, caller: AuthenticatedUser, jobId: string, input: MessageBody): Promise<MessageView> {
  const { conversation, otherParty } = await accessOf(ctx.db, caller, jobId);
  const limit = { max: MESSAGES_PER_MINUTE, windowSeconds: 60 };
  const sent = await throttle.hit(ctx.db, `messages:${caller.id}`, limit);
  if (sent.hits > limit.max) throw throttle.rateLimited(sent, 'Too many messages in a minute; wait a moment and send again');
  const message = await ctx.db.transaction(async (tx) => {
    const id = await repo.insertIfOpen(
      tx,
      { ...conversation, senderId: caller.id, recipientId: otherParty!, body: input.body },
      MESSAGE_WINDOW_DAYS,
    );
    if (!id) return undefined;
    const stored = (await repo.findWithSender(tx, id))!;
    await deliverMessage(ctx, tx, otherParty!, stored);
    return stored;
  });
  if (!message) {
    // The job changed between the check and the insert (a give-back, the window closing): say what holds now.
    await accessOf(ctx.db, caller, jobId);
    throw outsideWindow('Messages are closed on this job');
  }
  return toMessageView(message);
}

/** How much of a message its push shows; the app shows the rest. */
const PUSHED_TEXT_LENGTH = 120;

/** The start of a message, cut by code point so an emoji is never cut in half. */
function preview(text: string): string {
  const characters = Array.from(text);
  if (characters.length <= PUSHED_TEXT_LENGTH) return text;
  return `${characters
    .slice(0, PUSHED_TEXT_LENGTH - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * Where a message reaches its recipient, in the transaction that stores it: the `message` event on
 * their live streams (any process), at commit, and a web push, sent only while they have none open.
 * One tag per conversation: a newer message's push replaces the one before on the phone.
 */
async function deliverMessage(ctx: AppContext, tx: Transaction, recipientId: string, stored: repo.MessageWithSender): Promise<void> {
  const { message, senderName } = stored;
  await announceLive(tx, recipientId, 'message', message.id);
  await queuePush(ctx, tx, recipientId, {
    title: `Message from ${senderName}`,
    body: preview(message.body ?? ''),
    path: `/jobs/${message.jobId}`,
    tag: `message:${message.jobId}`,
  });
}

/** POST /jobs/{id}/messages/read: the other party's messages to the caller are read now; the other party is told live. */
export async function markMessagesRead(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<{ marked: number }> {
  const { conversation, otherParty } = await accessOf(ctx.db, caller, jobId);
  return ctx.db.transaction(async (tx) => {
    const marked = await repo.markRead(tx, conversation, caller.id);
    if (marked > 0) await announceLive(tx, otherParty!, 'messages-read', jobId);
    return { marked };
  });
}

/** The live events this module sends, as loaded for the stream of `userId`. */
export const liveMessageEvents: Record<'message' | 'messages-read', LiveEventLoader> = {
  message: async (ctx, userId, messageId) => {
    const found = await repo.findWithSender(ctx.db, messageId);
    return found?.message.recipientId === userId ? toMessageView(found) : undefined;
  },
  'messages-read': async (_ctx, _userId, jobId) => ({ jobId }),
};

/** Every message the user wrote or received, for the data-subject export. */
export async function exportMessages(db: Executor, userId: string): Promise<MessageView[]> {
  return (await repo.allInvolving(db, userId)).map(toMessageView);
}

/** Erasure: the texts the user wrote are removed; the messages stay, from "Former user", so the other side's thread still reads. */
export async function eraseMessages(tx: Transaction, userId: string): Promise<void> {
  await repo.removeBodiesBy(tx, userId);
}
