import { parseArgs } from 'node:util';
import { configOrExit } from '../main.js';
import { restoreBackup } from '../modules/backups/service.js';
import { databaseNameOf } from '../modules/backups/postgres.js';
import { pgliteDirectory } from '../platform/db.js';
import { EXIT_USAGE, runCommand } from './command.js';

const USAGE =
  'Usage: npm run restore -- FILE\nRestores a Qgig backup into the empty database that DATABASE_URL (or, unset, DATA_DIR) names.';

let file: string | undefined;
try {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  if (positionals.length === 1) file = positionals[0];
} catch {
  // An unknown option: the usage below says what is accepted.
}
if (!file) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(EXIT_USAGE);
}

const config = configOrExit();
await runCommand(async () => {
  if (config.databaseUrl) {
    await restoreBackup(file, { databaseUrl: config.databaseUrl });
    return `Restored ${file} into the PostgreSQL database ${databaseNameOf(config.databaseUrl)}. Start Qgig on it as usual.`;
  }
  await restoreBackup(file, { dataDir: config.dataDir });
  return `Restored ${file} into the embedded database in ${pgliteDirectory(config.dataDir)}. Start Qgig as usual.`;
});
