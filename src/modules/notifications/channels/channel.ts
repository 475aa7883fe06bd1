import type { RenderedMessage } from '../templates.js';

export interface Recipient {
  userId: string;
  name: string;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
}

/** A way to reach a person outside the app. A failed send throws; the queue retries it. */
export interface Channel {
  readonly name: 'email' | 'sms';
  reaches(recipient: Recipient): boolean;
  send(recipient: Recipient, message: RenderedMessage): Promise<void>;
}
