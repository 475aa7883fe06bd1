import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  url: string;
  port: number;
  /** Every message accepted so far. */
  messages: ParsedMail[];
  /**
   * The next message is received whole but never answered (and never kept): its sender waits for
   * the server's reply as long as it lives. Resolves once that message has arrived.
   */
  holdNextMessage(): Promise<void>;
  /** Messages received while holding, not yet answered: their senders are still waiting. */
  held: ParsedMail[];
  /** From now on, leaves each message unanswered (the sender waits) until `release()`. */
  hold(): void;
  /** Accepts the held messages and stops holding. */
  release(): void;
  close(): Promise<void>;
}

/** A real SMTP server in this process that keeps every message it receives, parsed. */
export async function startSmtpServer(port = 0): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  let holdNext: (() => void) | undefined;
  const held: { mail: ParsedMail; accept: () => void }[] = [];
  let holding = false;
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
          const accept = () => {
            messages.push(mail);
            done();
          };
          if (holding) held.push({ mail, accept });
          else accept();
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
    get held() {
      return held.map((entry) => entry.mail);
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const entry of held.splice(0)) entry.accept();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
