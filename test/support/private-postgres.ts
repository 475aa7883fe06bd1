import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../scripts/support/ports.js';

const run = promisify(execFile);
const DEBIAN_SERVER_BINARIES = '/usr/lib/postgresql';

/**
 * A PostgreSQL server of this test's own (initdb into a temporary directory, trust auth, loopback
 * only), for tests that stop and start the server: the shared one on 5432 serves every other test.
 */
export interface PrivatePostgres {
  port: number;
  /** A URL for `database` (default `postgres`) as the superuser `postgres`. */
  url(database?: string): string;
  /** `pg_ctl start`, returning once the server accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: open connections are terminated, as in a real restart; returns once it is down. */
  stop(): Promise<void>;
  /** Stops the server (if it runs) and deletes its files. */
  destroy(): Promise<void>;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const binaries = serverBinaries();
  const root = mkdtempSync(path.join(tmpdir(), 'qgig-private-pg-'));
  const dataDir = path.join(root, 'data');
  const socketDir = path.join(root, 'socket');
  mkdirSync(socketDir);
  // PostgreSQL refuses to run as root: as root (CI), everything runs as the `postgres` user it installs.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    for (const dir of [root, socketDir]) chownSync(dir, Number(uid.stdout), Number(gid.stdout));
  }
  const pgTool = async (tool: string, args: string[]) => {
    const command = path.join(binaries, tool);
    await (asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: root }) : run(command, args, { cwd: root }));
  };

  const port = await freePort();
  await pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  const serverOptions = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (...args: string[]) => pgTool('pg_ctl', ['-D', dataDir, '-l', path.join(root, 'server.log'), '-w', '-t', '60', ...args]);
  let running = false;

  const cluster: PrivatePostgres = {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await pgCtl('-o', serverOptions, 'start');
      running = true;
    },
    async stop() {
      await pgCtl('-m', 'fast', 'stop');
      running = false;
    },
    async destroy() {
      if (running) await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/** Debian keeps each major version's server programs in /usr/lib/postgresql/<major>/bin; the newest is taken. */
function serverBinaries(): string {
  const majors = existsSync(DEBIAN_SERVER_BINARIES) ? readdirSync(DEBIAN_SERVER_BINARIES).filter((entry) => /^\d+$/.test(entry)) : [];
  const newest = majors
    .sort((a, b) => Number(b) - Number(a))
    .find((major) => existsSync(path.join(DEBIAN_SERVER_BINARIES, major, 'bin', 'initdb')));
  if (!newest) throw new Error(`no PostgreSQL server programs (initdb, pg_ctl) under ${DEBIAN_SERVER_BINARIES}`);
  return path.join(DEBIAN_SERVER_BINARIES, newest, 'bin');
}
