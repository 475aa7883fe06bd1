import { ConfigError, loadConfig, type Config } from './config.js';

/** Loads the configuration for an entry point, or exits with a message a person can act on. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
}
