import { MESSAGE_MAX_LENGTH, messageLength, type MessagePage, type MessageView } from '@contracts/job-messages';
import type { JobView } from '@contracts/jobs';
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../../api/client';
import { useNotifications } from '../../api/notifications';
import { asApiError, type ApiError } from '../../api/problem';
import type { User } from '../../api/session';
import { formatKampalaDateTime } from '../../lib/format';
import { ErrorMessage } from '../status';

const WINDOW_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
/** From here on the composer counts what is left. */
const COUNT_FROM = MESSAGE_MAX_LENGTH - 200;

/**
 * Whether the viewer sees the job's conversation: its owner and its assignee from the assignment
 * until 7 days after the end; an administrator (reading only) while it is disputed.
 */
export function conversationOpen(job: JobView, user: User, now = Date.now()): boolean {
  if (!job.assignee) return false;
  if (user.role === 'admin') return job.status === 'disputed';
  const party = user.id === job.institutionId || user.id === job.assignee.id;
  return party && now < Date.parse(job.endsAt) + WINDOW_DAYS * DAY_MS;
}

/** Every page of the conversation, oldest first (a job's conversation is short), and the unread count. */
async function loadConversation(jobId: string): Promise<{ items: MessageView[]; unread: number }> {
  const items: MessageView[] = [];
  let cursor: string | null = null;
  for (;;) {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: MessagePage = await api.get<MessagePage>(`/jobs/${jobId}/messages?limit=100${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return { items, unread: page.unreadMessages };
  }
}

/**
 * The messages between a job's owner and its assignee, kept live by the notification stream. What
 * people wrote is shown as text, never as markup. The other party's messages count as read once the
 * conversation is on screen; the composer stays at the bottom of the screen while the panel is in view.
 */
export function Conversation({ job, user }: { job: JobView; user: User }) {
  const readOnly = user.role === 'admin';
  const [items, setItems] = useState<MessageView[]>();
  const [unread, setUnread] = useState(0);
  const [loadError, setLoadError] = useState<ApiError>();
  const [onScreen, setOnScreen] = useState(false);
  const panel = useRef<HTMLElement>(null);
  const { latestMessage, latestReceipt } = useNotifications();

  const reload = useCallback(() => {
    loadConversation(job.id).then(
      (loaded) => {
        setItems(loaded.items);
        setUnread(loaded.unread);
        setLoadError(undefined);
      },
      (error: unknown) => setLoadError(asApiError(error)),
    );
  }, [job.id]);

  useEffect(() => {
    reload();
    // Events missed while the phone slept or the stream reconnected: read the conversation again on return.
    const onVisible = () => document.visibilityState === 'visible' && reload();
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [reload]);

  // A message the stream brought since the last render joins the list (once: sending and reloading may have it already).
  const [seenLive, setSeenLive] = useState(latestMessage);
  if (latestMessage !== seenLive) {
    setSeenLive(latestMessage);
    if (latestMessage?.jobId === job.id && items && !items.some((item) => item.id === latestMessage.id)) {
      setItems([...items, latestMessage]);
      setUnread(unread + 1);
    }
  }

  useEffect(() => {
    if (latestReceipt?.jobId === job.id) reload();
  }, [latestReceipt, job.id, reload]);

  useEffect(() => {
    const element = panel.current;
    if (!element) return;
    const observer = new IntersectionObserver(([entry]) => setOnScreen(entry?.isIntersecting ?? false));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (readOnly || !onScreen || unread === 0) return;
    api.post(`/jobs/${job.id}/messages/read`).then(
      () => setUnread(0),
      () => undefined,
    );
  }, [readOnly, onScreen, unread, job.id]);

  const other = user.id === job.institutionId ? (job.assignee?.name ?? 'the professional') : job.institutionName;
  return (
    <section className="card conversation" aria-labelledby="conversation-heading" ref={panel} id="messages">
      <h2 id="conversation-heading">
        Messages{' '}
        {unread > 0 && (
          <span className="badge badge-pending" aria-label={`${unread} unread`}>
            {unread} new
          </span>
        )}
      </h2>
      {readOnly ? (
        <p>The conversation between the parties, shown while the job is disputed. Your reading is recorded.</p>
      ) : (
        <p className="field-hint">Only you and {other} see these messages. They close 7 days after the shift.</p>
      )}
      {loadError && <ErrorMessage error={loadError} onRetry={reload} />}
      {items && items.length === 0 && <p className="field-hint">No messages yet.</p>}
      {items && items.length > 0 && (
        <ol className="messages" aria-label="Conversation" aria-live="polite">
          {items.map((message) => (
            <MessageItem key={message.id} message={message} mine={message.senderId === user.id} />
          ))}
        </ol>
      )}
      {!readOnly && <Composer jobId={job.id} onSent={(sent) => setItems((current) => [...(current ?? []), sent])} />}
    </section>
  );
}

function MessageItem({ message, mine }: { message: MessageView; mine: boolean }) {
  return (
    <li className={mine ? 'message message-mine' : 'message'}>
      <p className="message-meta">
        {mine ? 'You' : message.senderName} · <time dateTime={message.createdAt}>{formatKampalaDateTime(message.createdAt)}</time>
      </p>
      {message.removed ? (
        <p className="message-removed">Message removed</p>
      ) : (
        // Text as written: line breaks kept, nothing interpreted as markup.
        <p className="plain-text message-body">{message.body}</p>
      )}
      {mine && <p className="message-receipt">{message.readAt ? 'Read' : 'Sent'}</p>}
    </li>
  );
}

function Composer({ jobId, onSent }: { jobId: string; onSent: (message: MessageView) => void }) {
  const [text, setText] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();
  const length = messageLength(text);
  const tooLong = length > MESSAGE_MAX_LENGTH;
  const empty = text.trim() === '';

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (pending || empty || tooLong) return;
    setPending(true);
    setError(undefined);
    try {
      onSent(await api.post<MessageView>(`/jobs/${jobId}/messages`, { body: text }));
      setText('');
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setPending(false);
    }
  }

  // Enter sends on a keyboard with Ctrl or ⌘; a plain Enter is a new line, as phones expect.
  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
  }

  return (
    <form className="composer" onSubmit={submit} aria-label="Write a message" aria-busy={pending}>
      {error && <ErrorMessage error={error} />}
      <label htmlFor="message-text" className="visually-hidden">
        Message
      </label>
      <div className="composer-row">
        <textarea
          id="message-text"
          name="body"
          rows={1}
          value={text}
          placeholder="Write a message"
          aria-invalid={tooLong || undefined}
          aria-describedby="message-count"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button" disabled={pending || empty || tooLong}>
          Send
        </button>
      </div>
      <p id="message-count" className={tooLong ? 'field-error' : 'field-hint'} aria-live="polite">
        {length >= COUNT_FROM ? `${length.toLocaleString('en-GB')} of ${MESSAGE_MAX_LENGTH.toLocaleString('en-GB')} characters` : ''}
      </p>
    </form>
  );
}
