import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PushApiModel } from 'web-push-testing/src/PushApiModel.js';
import WebPushTestingServer from 'web-push-testing/src/server.js';

export interface TestSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  clientHash: string;
}

/** A throwaway self-signed certificate for 127.0.0.1: push services speak HTTPS only, and web-push refuses anything else. */
function throwawayCertificate(dir: string): { key: string; cert: string; certFile: string } {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

/**
 * The `web-push-testing` push service behind TLS on a free loopback port: it hands out subscriptions
 * like a browser's push service, checks each push's VAPID signature and decrypts its payload.
 */
export class TestPushService {
  private constructor(
    readonly url: string,
    /** The certificate to trust (NODE_EXTRA_CA_CERTS of a server process, or an agent's `ca`). */
    readonly ca: string,
    readonly caFile: string,
    private readonly close_: () => Promise<void>,
  ) {}

  static async start(): Promise<TestPushService> {
    const dir = mkdtempSync(path.join(tmpdir(), 'qgig-push-'));
    const { key, cert, certFile } = throwawayCertificate(dir);
    const model = new PushApiModel();
    const service = new WebPushTestingServer(model, 0);
    service.setRequestHandlers();
    const server: Server = createServer({ key, cert }, service._app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const url = `https://127.0.0.1:${port}`;
    model.notifyUrl = `${url}/notify/`;
    return new TestPushService(url, cert, certFile, async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });
  }

  /** Connects to a service another process started (the e2e global setup). */
  static connect(url: string, caFile: string): TestPushService {
    return new TestPushService(url, readFileSync(caFile, 'utf8'), caFile, async () => undefined);
  }

  /** A subscription for `applicationServerKey` (the app's VAPID public key), as PushManager.subscribe gives. */
  async subscribe(applicationServerKey: string): Promise<TestSubscription> {
    return (await this.post<{ data: TestSubscription }>('/subscribe', { applicationServerKey })).data;
  }

  /** The decrypted payloads pushed to the subscription so far. */
  async messages(clientHash: string): Promise<string[]> {
    return (await this.post<{ data: { messages: string[] } }>('/get-notifications', { clientHash })).data.messages;
  }

  /** From now on the service answers pushes to this subscription with 410 Gone. */
  async expire(clientHash: string): Promise<void> {
    await this.post(`/expire-subscription/${clientHash}`, {});
  }

  async close(): Promise<void> {
    await this.close_();
  }

  private post<T>(pathname: string, body: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${this.url}${pathname}`,
        { method: 'POST', ca: this.ca, headers: { 'content-type': 'application/json' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if ((res.statusCode ?? 500) >= 300) reject(new Error(`push service ${pathname}: ${res.statusCode} ${text}`));
            else resolve((text && text !== 'OK' ? JSON.parse(text) : undefined) as T);
          });
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  }
}
