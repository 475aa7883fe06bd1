import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything `npm run build` reads: a change to any of these (content, a new or removed file) means a rebuild. */
export const BUILD_INPUTS = ['src', 'web', 'drizzle', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** What the build writes that `npm start` runs. */
export const BUILD_OUTPUTS = ['dist/server.js', 'dist/web/index.html'];
/** The hash of the inputs the last successful build was made from. */
export const STAMP_FILE = 'dist/.build-stamp';
const NOT_INPUTS = new Set(['node_modules', 'dist']);

function inputFiles(root: string, relative: string): string[] {
  const absolute = path.join(root, relative);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [relative];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => !NOT_INPUTS.has(entry.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => inputFiles(root, path.join(relative, entry.name)));
}

/** A SHA-256 over the path and content of every build input (contents, not mtimes: a checkout or a copy that only touches files builds nothing). */
export function sourceHash(root: string): string {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of inputFiles(root, input))
      hash
        .update(`${file}\0`)
        .update(readFileSync(path.join(root, file)))
        .update('\0');
  }
  return hash.digest('hex');
}

/** Builds with `build` (its exit code) unless the outputs exist and were built from exactly these inputs; true when it built. */
export function buildIfChanged(root: string, build: () => number): boolean {
  const hash = sourceHash(root);
  const stamp = path.join(root, STAMP_FILE);
  const current =
    BUILD_OUTPUTS.every((output) => existsSync(path.join(root, output))) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
  if (current) return false;
  const code = build();
  if (code !== 0) throw new Error(`the build failed (exit code ${code})`);
  // The hash from before the build: a file changed while it ran is built again next time.
  mkdirSync(path.dirname(stamp), { recursive: true });
  writeFileSync(stamp, hash);
  return true;
}
