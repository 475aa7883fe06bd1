import path from 'node:path';
import type { Config } from '../../../config.js';
import { africasTalkingChannel } from './africastalking.js';
import type { Channel } from './channel.js';
import { emailChannel } from './email.js';
import { Mailbox } from './mailbox.js';

export function mailboxOf(config: Config): Mailbox {
  return new Mailbox(path.join(config.dataDir, 'mailbox'));
}

/** The dev mailbox exists only where mail has nowhere else to go, and never in production. */
export function mailboxEnabled(config: Config): boolean {
  return !config.smtpUrl && !config.isProduction;
}

const cache = new WeakMap<Config, Channel[]>();

/** The channels configured for this process: email always, SMS when a provider is set. */
export function channelsFor(config: Config): Channel[] {
  let channels = cache.get(config);
  if (!channels) {
    channels = [emailChannel({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailbox: mailboxOf(config) })];
    if (config.sms) channels.push(africasTalkingChannel(config.sms));
    cache.set(config, channels);
  }
  return channels;
}
