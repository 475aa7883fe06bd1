import type { MessageView } from '@contracts/job-messages';
import type { NotificationView } from '@contracts/notifications';
import { useSyncExternalStore } from 'react';
import { API_BASE, api } from './client';
import { getAccessToken } from './session';

export type Notification = NotificationView;

/** What the bell shows, shared by every component that reads it. */
export interface NotificationsState {
  /** Unread notices counted, up to one page (UNREAD_PAGE); undefined until first counted. */
  unread: number | undefined;
  /** More unread than counted. */
  moreUnread: boolean;
  /** The last notice the live stream brought, for pages that show lists to refresh. */
  latest: Notification | undefined;
  /** The last message the other party of a job wrote, as the stream brought it (event `message`). */
  latestMessage: MessageView | undefined;
  /** The job on which the other party last read the caller's messages, and when it was told (event `messages-read`). */
  latestReceipt: { jobId: string; at: number } | undefined;
}

const UNREAD_PAGE = 99;
const RETRY_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

const EMPTY: NotificationsState = {
  unread: undefined,
  moreUnread: false,
  latest: undefined,
  latestMessage: undefined,
  latestReceipt: undefined,
};
let state = EMPTY;
const listeners = new Set<() => void>();
let source: EventSource | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let failures = 0;
/** Bumped by stop(): a reconnect still awaiting its count must not open a stream after that. */
let generation = 0;

function setState(change: Partial<NotificationsState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener();
}

/** Counts the unread notices again (after marking some read, or when the live stream reconnects). */
export async function recountUnread(): Promise<void> {
  const page = await api.get<{ items: Notification[]; nextCursor: string | null }>(`/notifications?unread=true&limit=${UNREAD_PAGE}`);
  setState({ unread: page.items.length, moreUnread: page.nextCursor !== null });
}

/**
 * Follows the signed-in user's notices: counts the unread, then listens to the server-sent-events
 * stream. EventSource cannot send headers, so the access token rides in the query (the server never
 * logs it). When the server refuses the stream (the token expired), the count is fetched again,
 * which refreshes the session, and the stream reopens with the new token. Returns the stop function.
 */
export function followNotifications(): () => void {
  void reconnect();
  return stop;
}

function stop(): void {
  generation += 1;
  clearTimeout(retryTimer);
  source?.close();
  source = undefined;
  failures = 0;
  state = EMPTY;
}

async function reconnect(): Promise<void> {
  const started = generation;
  source?.close();
  source = undefined;
  try {
    await recountUnread();
  } catch {
    if (started === generation) scheduleReconnect();
    return;
  }
  const token = getAccessToken();
  if (!token || started !== generation) return;
  const stream = new EventSource(`${API_BASE}/notifications/stream?access_token=${encodeURIComponent(token)}`);
  source = stream;
  stream.addEventListener('open', () => {
    failures = 0;
  });
  stream.addEventListener('notification', (event) => {
    const notice = JSON.parse((event as MessageEvent<string>).data) as Notification;
    setState({ latest: notice, unread: notice.readAt ? state.unread : (state.unread ?? 0) + 1 });
  });
  stream.addEventListener('message', (event) => {
    setState({ latestMessage: JSON.parse((event as MessageEvent<string>).data) as MessageView });
  });
  stream.addEventListener('messages-read', (event) => {
    const { jobId } = JSON.parse((event as MessageEvent<string>).data) as { jobId: string };
    setState({ latestReceipt: { jobId, at: Date.now() } });
  });
  stream.addEventListener('error', () => {
    // While CONNECTING the browser retries by itself (and resends Last-Event-ID); CLOSED means refused.
    if (stream.readyState === EventSource.CLOSED && source === stream) scheduleReconnect();
  });
}

function scheduleReconnect(): void {
  source?.close();
  source = undefined;
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void reconnect(), RETRY_MS[Math.min(failures, RETRY_MS.length - 1)]);
  failures += 1;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useNotifications(): NotificationsState {
  return useSyncExternalStore(subscribe, () => state);
}
