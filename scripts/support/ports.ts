import { createServer, type AddressInfo } from 'node:net';

/** Binds a loopback port (0: one the OS picks) and lets it go at once: the port bound, or undefined when it was taken. */
async function bindBriefly(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!bound) return undefined;
  const { port: boundPort } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return boundPort;
}

/** A loopback port free right now (the OS picks it; the caller binds it a moment later). */
export async function freePort(): Promise<number> {
  const port = await bindBriefly(0);
  if (port === undefined) throw new Error('No free loopback port');
  return port;
}

/** A free loopback port whose next `count - 1` ports are free too, for processes listening on consecutive ports. */
export async function freePorts(count: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    const next = Array.from({ length: count - 1 }, (_, index) => base + 1 + index);
    if (next.every((port) => port <= 65_535) && (await Promise.all(next.map(bindBriefly))).every((port) => port !== undefined)) return base;
  }
}
