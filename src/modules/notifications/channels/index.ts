import path from 'node:path';
import type { Config } from '../../../config.js';
import { africasTalkingChannel } from './africastalking.js';
import type { Channel } from './channel.js';
import { emailChannel, mailSender, type SendMail } from './email.js';
import { Mailbox } from './mailbox.js';

export function mailboxOf(config: Config): Mailbox {
  return new Mailbox(path.join(config.dataDir, 'mailbox'));
}

/** The dev mailbox exists only where mail has nowhere else to go, and never in production. */
export function mailboxEnabled(config: Config): boolean {
  return !config.smtpUrl && !config.isProduction;
}

const cache = new WeakMap<Config, { sendMail: SendMail; channels: Channel[] }>();

function outboundFor(config: Config) {
  let outbound = cache.get(config);
  if (!outbound) {
    const sendMail = mailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailbox: mailboxOf(config) });
    const channels = [emailChannel(sendMail)];
    if (config.sms) channels.push(africasTalkingChannel(config.sms));
    outbound = { sendMail, channels };
    cache.set(config, outbound);
  }
  return outbound;
}

/** The channels configured for this process: email always, SMS when a provider is set. */
export function channelsFor(config: Config): Channel[] {
  return outboundFor(config).channels;
}

/** Email straight to an address, for the account links that are not notices. */
export function mailSenderFor(config: Config): SendMail {
  return outboundFor(config).sendMail;
}
