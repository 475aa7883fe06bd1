import path from 'node:path';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../platform/context.js';
import type { Channel } from './channel.js';
import { emailChannel } from './email.js';
import { Mailbox } from './mailbox.js';
import { smsChannel } from './sms.js';

export function mailboxOf(config: Config): Mailbox {
  return new Mailbox(path.join(config.dataDir, 'mailbox'));
}

/** The dev mailbox exists only where mail has nowhere else to go, and never in production. */
export function mailboxEnabled(config: Config): boolean {
  return !config.smtpUrl && !config.isProduction;
}

const cache = new WeakMap<AppContext, Channel[]>();

/** The channels of this process: email, and SMS (Africa's Talking, or its simulator outside production). */
export function channelsFor(ctx: AppContext): Channel[] {
  let channels = cache.get(ctx);
  if (!channels) {
    channels = [emailChannel({ smtpUrl: ctx.config.smtpUrl, from: ctx.config.mailFrom, mailbox: mailboxOf(ctx.config) }), smsChannel(ctx)];
    cache.set(ctx, channels);
  }
  return channels;
}

