import nodemailer from 'nodemailer';
import type { Mailbox } from './mailbox.js';
import type { Channel } from './channel.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export type SendMail = (mail: Mail) => Promise<void>;

/** Email over SMTP (SMTP_URL), or, in development without SMTP, into the local mailbox. */
export function mailSender(options: { smtpUrl: string | undefined; from: string; mailbox: Mailbox }): SendMail {
  // nodemailer waits up to 10 minutes for a silent server by default; give up well inside the
  // delivery job's expiry, so a stalled send fails this attempt instead of outliving it (and its retry).
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : undefined;
  return async (mail) => {
    if (transport) await transport.sendMail({ from: options.from, ...mail });
    else await options.mailbox.store({ from: options.from, ...mail });
  };
}

/** Notices by email reach only an address its owner has verified, while the person's settings want email. */
export function emailChannel(send: SendMail): Channel {
  return {
    name: 'email',
    reaches: (recipient) => Boolean(recipient.email) && recipient.emailVerified && recipient.wantsEmail,
    send: (recipient, message) => send({ to: recipient.email!, subject: message.subject, text: message.text, html: message.html }),
  };
}
