import { ConfigError, dataDirProblem, loadConfig, loadEnvFile, type Config } from './config.js';
import { databaseUnavailableCause } from './platform/db-errors.js';

/** Loads the configuration for an entry point (`.env` first), or exits with one line a person can act on. */
export function configOrExit(): Config {
  try {
    loadEnvFile();
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) exitWithLine(78, error.message);
    throw error;
  }
}

/**
 * Runs an entry point's start; a failure a setting explains (the database cannot be reached, the
 * port is taken) ends the process with one line instead of a stack trace. Anything else is a fault
 * and keeps its stack.
 */
export async function startOrExit<Started>(config: Config, start: () => Promise<Started>): Promise<Started> {
  try {
    return await start();
  } catch (error) {
    const explained = settingBehind(error, config);
    if (explained) exitWithLine(1, `Qgig could not start: ${explained}`);
    throw error;
  }
}

function settingBehind(error: unknown, config: Config): string | undefined {
  const dataDir = dataDirProblem(config.dataDir, error);
  if (dataDir) return dataDir;
  const database = databaseUnavailableCause(error);
  // The address is left out: DATABASE_URL may carry a password.
  if (database) return `the database cannot be reached (${database.message}); check DATABASE_URL and that PostgreSQL is running`;
  if ((error as { code?: unknown }).code === 'EADDRINUSE')
    return `${config.host}:${config.port} is already in use; set PORT (or HOST) to a free one`;
  return undefined;
}

function exitWithLine(code: number, line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(code);
}
