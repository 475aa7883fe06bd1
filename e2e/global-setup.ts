import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../scripts/support/ports.js';
import { testEnv } from '../test/support/env.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from '../test/support/postgres.js';
import { TestPushService } from '../test/support/push-service.js';
import { ADMIN } from './support/users.js';

const root = path.resolve(import.meta.dirname, '..');
const SERVER_LOG = path.join(root, 'test-results/e2e-server.log');

/**
 * Starts the built server (`npm run build`) the way `npm start` does, on an empty PostgreSQL database
 * that the server migrates itself, on a free port, with the administrator ADMIN. Tests seed their own
 * users through the API.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const built of ['dist/server.js', 'dist/web/index.html']) {
    if (!existsSync(path.join(root, built)))
      throw new Error(`${built} is missing: run \`npm run build\` first (\`npm run test:e2e\` does).`);
  }
  const database = uniqueDatabaseName('qgig_e2e');
  await createDatabase(database);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qgig-e2e-'));
  mkdirSync(path.dirname(SERVER_LOG), { recursive: true });
  const log = createWriteStream(SERVER_LOG);
  // Browsers here reach no real push service: the server pushes to this one, trusting its throwaway certificate.
  const pushService = await TestPushService.start();

  // A real port, not 0: PUBLIC_URL (PesaPal's callback and IPN address) is derived from it.
  const port = String(await freePort());
  const server = spawn(process.execPath, ['--enable-source-maps', 'dist/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: pushService.caFile,
      ...testEnv(dataDir, database, {
        PORT: port,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        RUN_WORKERS: 'true',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));

  const address = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout }).on('line', (line) => {
      if (line.includes('Qgig is serving')) resolve((JSON.parse(line) as { address: string }).address);
    });
    void exited.then((code) => reject(new Error(`the e2e server exited (${code}) before serving; see ${SERVER_LOG}`)));
  });
  process.env.QGIG_E2E_BASE_URL = address;
  // For the few tests that set up what no API can (an outdated consent).
  process.env.QGIG_E2E_DATABASE_URL = databaseUrl(database);
  process.env.QGIG_E2E_PUSH_URL = pushService.url;
  process.env.QGIG_E2E_PUSH_CA = pushService.caFile;

  return async () => {
    server.kill('SIGTERM');
    await exited;
    log.end();
    await dropDatabase(database);
    await pushService.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
