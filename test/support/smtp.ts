import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  url: string;
  port: number;
  messages: ParsedMail[];
  /**
   * The next message is received whole but never answered (and never kept): its sender waits for
   * the server's reply as long as it lives. Resolves once that message has arrived.
   */
  holdNextMessage(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server in this process that keeps every message it receives, parsed. */
export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  let holdNext: (() => void) | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      if (holdNext) {
        stream.once('end', holdNext).resume();
        holdNext = undefined;
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${actualPort}`,
    port: actualPort,
    messages,
    holdNextMessage: () => new Promise<void>((resolve) => (holdNext = resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
