import { AppError } from '../platform/errors.js';

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 64;

/**
 * Runs a command-line task: its result goes to stdout, a failure to stderr with a non-zero exit code.
 * Expected failures (AppError) print their message alone; anything else prints its stack too.
 */
export async function runCommand(task: () => Promise<string>): Promise<void> {
  try {
    process.stdout.write(`${await task()}\n`);
  } catch (error) {
    const text = error instanceof AppError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${text}\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
