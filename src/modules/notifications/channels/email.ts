import nodemailer from 'nodemailer';
import type { Mailbox } from './mailbox.js';
import type { Channel } from './channel.js';

/** Email over SMTP (SMTP_URL), or, in development without SMTP, into the local mailbox. */
export function emailChannel(options: { smtpUrl: string | undefined; from: string; mailbox: Mailbox }): Channel {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  return {
    name: 'email',
    reaches: (recipient) => Boolean(recipient.email),
    async send(recipient, message) {
      const mail = { from: options.from, to: recipient.email!, subject: message.subject, text: message.text, html: message.html };
      if (transport) await transport.sendMail(mail);
      else await options.mailbox.store(mail);
    },
  };
}
