import { createServer, type AddressInfo } from 'node:net';

/** A loopback port free right now (the OS picks it; the caller binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether a loopback port can be bound right now. */
async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise((resolve) => server.close(resolve));
  return bound;
}

/** A free loopback port whose next `count - 1` ports are free too, for processes listening on consecutive ports. */
export async function freePorts(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    const next = Array.from({ length: count - 1 }, (_, index) => base + 1 + index);
    if (next.every((port) => port <= 65_535) && (await Promise.all(next.map(canListen))).every(Boolean)) return base;
  }
}
