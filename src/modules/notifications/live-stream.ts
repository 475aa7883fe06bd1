import type { ServerResponse } from 'node:http';
import type { NotificationView } from '../../contracts/notifications.js';
import type { AppContext } from '../../platform/context.js';
import { loadNotificationView, NOTIFICATION_CHANNEL } from './service.js';

const HEARTBEAT_MS = 20_000;

/** One browser's server-sent-events connection. */
export class LiveStream {
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private readonly response: ServerResponse) {
    response.write('retry: 5000\n\n');
    this.heartbeat = setInterval(() => response.write(': keep-alive\n\n'), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  send(notification: NotificationView): void {
    this.response.write(`id: ${notification.id}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`);
  }

  end(): void {
    clearInterval(this.heartbeat);
    if (!this.response.writableEnded) this.response.end();
  }
}

/**
 * Fans committed notices out to this process's open streams. Every process LISTENs on the same
 * PostgreSQL channel, so a notice raised by any process reaches the user's stream wherever it is.
 */
export class NotificationHub {
  private readonly streams = new Map<string, Set<LiveStream>>();
  private subscription: Promise<() => Promise<void>> | undefined;
  private closed = false;

  constructor(private readonly ctx: AppContext) {}

  /** Registers the stream at once (so a shutdown that starts meanwhile ends it), then makes sure we LISTEN. */
  async add(userId: string, stream: LiveStream): Promise<void> {
    if (this.closed) {
      stream.end();
      return;
    }
    const set = this.streams.get(userId) ?? new Set();
    set.add(stream);
    this.streams.set(userId, set);
    await this.listening();
  }

  /** Resolves once this process LISTENs, so a stream whose headers went out misses nothing committed after. */
  async listening(): Promise<void> {
    this.subscription ??= this.ctx.database.listen(NOTIFICATION_CHANNEL, (payload) => void this.dispatch(payload)).catch((error: unknown) => {
      // The database was unreachable: the next stream tries again rather than failing for good.
      this.subscription = undefined;
      throw error;
    });
    await this.subscription;
  }

  remove(userId: string, stream: LiveStream): void {
    const set = this.streams.get(userId);
    set?.delete(stream);
    if (set?.size === 0) this.streams.delete(userId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const set of this.streams.values()) for (const stream of set) stream.end();
    this.streams.clear();
    const unsubscribe = await this.subscription?.catch(() => undefined);
    this.subscription = undefined;
    await unsubscribe?.();
  }

  private async dispatch(payload: string): Promise<void> {
    try {
      const { id, userId } = JSON.parse(payload) as { id: string; userId: string };
      const targets = this.streams.get(userId);
      if (!targets?.size) return;
      const view = await loadNotificationView(this.ctx, userId, id);
      if (view) for (const stream of targets) stream.send(view);
    } catch (error) {
      this.ctx.log.warn({ err: error }, 'could not push a notification to live streams');
    }
  }
}
