import nodemailer from 'nodemailer';
import type { Mailbox } from './mailbox.js';
import type { Channel } from './channel.js';

/** Email over SMTP (SMTP_URL), or, in development without SMTP, into the local mailbox. */
export function emailChannel(options: { smtpUrl: string | undefined; from: string; mailbox: Mailbox }): Channel {
  // nodemailer waits up to 10 minutes for a silent server by default; give up well inside the
  // delivery job's expiry, so a stalled send fails this attempt instead of outliving it (and its retry).
  const transport = options.smtpUrl
    ? nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
    : undefined;
  return {
    name: 'email',
    reaches: (recipient) => Boolean(recipient.email) && recipient.wantsEmail,
    async send(recipient, message) {
      const mail = { from: options.from, to: recipient.email!, subject: message.subject, text: message.text, html: message.html };
      if (transport) await transport.sendMail(mail);
      else await options.mailbox.store(mail);
    },
  };
}
