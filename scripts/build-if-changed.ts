/**
 * `npm start`'s prestart: runs `npm run build` only when a build input changed since the last
 * successful build (or its output is missing), so a second start begins serving at once.
 */
import { spawnSync } from 'node:child_process';
import { buildIfChanged } from './support/build-stamp.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
try {
  const built = buildIfChanged(process.cwd(), () => spawnSync(npm, ['run', 'build', '--silent'], { stdio: 'inherit' }).status ?? 1);
  if (!built) console.info('dist/ was built from these sources already: not rebuilding');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
