import path from 'node:path';
import type { Config } from '../../../config.js';
import type { AppContext } from '../../../platform/context.js';
import type { Channel } from './channel.js';
import { emailChannel, mailSender, type SendMail } from './email.js';
import { Mailbox } from './mailbox.js';
import { smsChannel } from './sms.js';

export function mailboxOf(config: Config): Mailbox {
  return new Mailbox(path.join(config.dataDir, 'mailbox'));
}

/** The dev mailbox exists only where mail has nowhere else to go, and never in production. */
export function mailboxEnabled(config: Config): boolean {
  return !config.smtpUrl && !config.isProduction;
}

const mailSenders = new WeakMap<Config, SendMail>();

/** Email straight to an address: the account links that are not notices, and the fallback of a failed SMS. */
export function mailSenderFor(config: Config): SendMail {
  let send = mailSenders.get(config);
  if (!send) {
    send = mailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom, mailbox: mailboxOf(config) });
    mailSenders.set(config, send);
  }
  return send;
}

const channels = new WeakMap<AppContext, Channel[]>();

/** The channels of this process: email, and SMS (Africa's Talking, or its simulator outside production). */
export function channelsFor(ctx: AppContext): Channel[] {
  let list = channels.get(ctx);
  if (!list) {
    list = [emailChannel(mailSenderFor(ctx.config)), smsChannel(ctx)];
    channels.set(ctx, list);
  }
  return list;
}
