import type { ServerResponse } from 'node:http';
import type { NotificationView } from '../../contracts/notifications.js';
import { SESSION_ENDED_CHANNEL } from '../accounts/service.js';
import type { AuthenticatedUser, SessionCheck } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import { streamPresence } from '../push/service.js';
import { LIVE_EVENT_CHANNEL, loadNotificationView, NOTIFICATION_CHANNEL, type LiveEventLoader, type LiveEventName } from './service.js';

/** Streams one user may hold open in one process: another one ends the oldest. */
export const STREAMS_PER_USER = 5;

/** One browser's server-sent-events connection, for one session, until `endsAt` at the latest. */
export class LiveStream {
  private readonly timers: NodeJS.Timeout[];
  private ended = false;

  constructor(
    private readonly response: ServerResponse,
    readonly caller: AuthenticatedUser,
    endsAt: number,
    heartbeatMs: number,
    onHeartbeat: (stream: LiveStream) => void,
    private readonly onEnd: (stream: LiveStream) => void,
  ) {
    response.write('retry: 5000\n\n');
    this.timers = [setInterval(() => onHeartbeat(this), heartbeatMs), setTimeout(() => this.end(), Math.max(0, endsAt - Date.now()))];
    for (const timer of this.timers) timer.unref();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  heartbeat(): void {
    if (!this.ended) this.response.write(': keep-alive\n\n');
  }

  send(notification: NotificationView): void {
    if (!this.ended) this.response.write(`id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`);
  }

  /** An event with no id: the browser's Last-Event-ID stays the last notice's, which replay depends on. */
  sendEvent(event: LiveEventName, data: object): void {
    if (!this.ended) this.response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    if (!this.response.writableEnded) this.response.end();
    this.onEnd(this);
  }
}

/**
 * Fans committed notices out to this process's open streams. Every process LISTENs on the same
 * PostgreSQL channels, so a notice raised, or a session ended, by any process reaches the streams
 * wherever they are. A stream's session is checked again before each push and at each heartbeat,
 * so one whose announcement was missed (the listening connection dropped) ends all the same.
 */
export class NotificationHub {
  private readonly streams = new Map<string, Set<LiveStream>>();
  /** Each open stream's row in the database, which tells every process's pushes the user is here. */
  private readonly presence = new Map<LiveStream, ReturnType<typeof streamPresence>>();
  private readonly endingPresence = new Set<Promise<void>>();
  private subscription: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly checkSession: SessionCheck,
    private readonly liveEvents: Record<LiveEventName, LiveEventLoader>,
  ) {}

  /**
   * Opens a stream on `response` and registers it at once (so a shutdown that starts meanwhile ends
   * it); it lives until its token expires or the longest life has passed, whichever is sooner.
   */
  open(response: ServerResponse, caller: AuthenticatedUser): LiveStream {
    const { heartbeatSeconds, maxSeconds } = this.ctx.config.notificationStream;
    const endsAt = Math.min(Date.now() + maxSeconds * 1000, caller.tokenExpiresAt ?? Infinity);
    const stream = new LiveStream(
      response,
      caller,
      endsAt,
      heartbeatSeconds * 1000,
      (beating) => void this.heartbeat(beating),
      (ended) => this.remove(ended),
    );
    if (this.closed) {
      stream.end();
      return stream;
    }
    const set = this.streams.get(caller.id) ?? new Set();
    // A Set iterates in insertion order: the first is the oldest.
    if (set.size >= STREAMS_PER_USER) set.values().next().value?.end();
    set.add(stream);
    this.streams.set(caller.id, set);
    // Two missed heartbeats and a little slack: a stream whose process died stops holding pushes back soon after.
    this.presence.set(stream, streamPresence(this.ctx, caller.id, heartbeatSeconds * 2 + 5));
    return stream;
  }

  /** Resolves once this process LISTENs, so a stream whose headers went out misses nothing committed after. */
  async listening(): Promise<void> {
    this.subscription ??= Promise.all([
      this.ctx.database.listen(NOTIFICATION_CHANNEL, (payload) => void this.dispatch(payload)),
      this.ctx.database.listen(SESSION_ENDED_CHANNEL, (payload) => this.endSession(payload)),
      this.ctx.database.listen(LIVE_EVENT_CHANNEL, (payload) => void this.dispatchLive(payload)),
    ])
      .then((unsubscribers) => async () => {
        await Promise.all(unsubscribers.map((unsubscribe) => unsubscribe()));
      })
      .catch((error: unknown) => {
        // The database was unreachable: the next stream tries again rather than failing for good.
        this.subscription = undefined;
        throw error;
      });
    await this.subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.end();
    this.streams.clear();
    await Promise.all(this.endingPresence);
    const unsubscribe = await this.subscription?.catch(() => undefined);
    this.subscription = undefined;
    await unsubscribe?.();
  }

  private remove(stream: LiveStream): void {
    const ending = this.presence.get(stream)?.end();
    this.presence.delete(stream);
    if (ending) {
      this.endingPresence.add(ending);
      void ending.finally(() => this.endingPresence.delete(ending));
    }
    const set = this.streams.get(stream.caller.id);
    set?.delete(stream);
    if (set?.size === 0) this.streams.delete(stream.caller.id);
  }

  /**
   * Ends the stream once its session is no longer active. Undefined when the check went unanswered:
   * an unreachable database is no logout, so the stream waits for the next check (and pushes nothing).
   */
  private async stillActive(stream: LiveStream): Promise<boolean | undefined> {
    const state = await this.checkSession(stream.caller).catch(() => undefined);
    if (!state) return undefined;
    if (state.status !== 'active') stream.end();
    return !stream.isEnded;
  }

  private async heartbeat(stream: LiveStream): Promise<void> {
    if ((await this.stillActive(stream)) === false) return;
    stream.heartbeat();
    if (!stream.isEnded) this.presence.get(stream)?.beat();
  }

  private endSession(payload: string): void {
    try {
      const { sessionId, userId } = JSON.parse(payload) as { sessionId: string; userId: string };
      for (const stream of [...(this.streams.get(userId) ?? [])]) if (stream.caller.sessionId === sessionId) stream.end();
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'could not read an ended session announcement');
    }
  }

  private async dispatch(payload: string): Promise<void> {
    await this.push(payload, 'a notification', ({ id, userId }: { id: string; userId: string }) => ({
      userId,
      load: () => loadNotificationView(this.ctx, userId, id),
      send: (stream, view) => stream.send(view),
    }));
  }

  private async dispatchLive(payload: string): Promise<void> {
    await this.push(payload, 'a live event', ({ userId, event, ref }: { userId: string; event: LiveEventName; ref: string }) => ({
      userId,
      load: () => this.liveEvents[event](this.ctx, userId, ref),
      send: (stream, data) => stream.sendEvent(event, data),
    }));
  }

  /** Loads what an announcement names, once, if its user has a stream here, and sends it on each stream whose session is still active. */
  private async push<Announcement, Data>(
    payload: string,
    what: string,
    read: (announcement: Announcement) => {
      userId: string;
      load: () => Promise<Data | undefined>;
      send: (stream: LiveStream, data: Data) => void;
    },
  ): Promise<void> {
    try {
      const { userId, load, send } = read(JSON.parse(payload) as Announcement);
      const targets = [...(this.streams.get(userId) ?? [])];
      if (!targets.length) return;
      const data = await load();
      if (!data) return;
      await Promise.all(targets.map(async (stream) => (await this.stillActive(stream)) === true && send(stream, data)));
    } catch (error) {
      this.ctx.log.warn({ err: error }, `could not push ${what} to live streams`);
    }
  }
}
