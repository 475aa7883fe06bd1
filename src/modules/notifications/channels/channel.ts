import type { AppContext } from '../../../platform/context.js';
import type { RenderedMessage } from '../templates.js';

export interface Recipient {
  userId: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  /** The person's notification settings (all on until changed). */
  wantsEmail: boolean;
  wantsSms: boolean;
}

/** The notice being delivered, for channels that record what they send. */
export interface Notice {
  id: string;
  type: string;
  /** The shift it is about, when there is one (quiet hours let an imminent one through). */
  shiftStartsAt: Date | undefined;
}

/** A way to reach a person outside the app. A failed send throws; the queue retries it. */
export interface Channel {
  readonly name: 'email' | 'sms';
  reaches(recipient: Recipient): boolean;
  send(recipient: Recipient, message: RenderedMessage, notice: Notice): Promise<void>;
}

export type ChannelFactory = (ctx: AppContext) => Channel;
