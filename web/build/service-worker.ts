import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const SOURCE = path.resolve(import.meta.dirname, '../sw/sw.ts');
const PLACEHOLDER = /(["'`])__QGIG_PRECACHE__\1/;

/** Files under web/public, which Vite copies to the output as they are (manifest, icons, favicon). */
function publicFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? publicFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`/${prefix}${entry.name}`],
  );
}

/**
 * Builds web/sw/sw.ts into /sw.js, a chunk of its own that no page imports (so it is not in the
 * initial JavaScript), and writes into it the list of files to precache and a version derived from
 * them: a build that changes any file is a new worker, which the browser then installs.
 */
export function serviceWorker(publicDir: string): Plugin {
  return {
    name: 'qgig-service-worker',
    apply: 'build',
    // After Vite's HTML plugin, which adds index.html to the bundle in its own generateBundle.
    enforce: 'post',
    buildStart() {
      this.emitFile({ type: 'chunk', id: SOURCE, fileName: 'sw.js' });
    },
    generateBundle(_options, bundle) {
      const worker = bundle['sw.js'];
      if (worker?.type !== 'chunk') this.error('sw.js was not built');
      if (!bundle['index.html']) this.error('index.html is not in the bundle yet: the shell would not be precached');
      const built = Object.keys(bundle).filter((file) => file !== 'sw.js' && !file.startsWith('.vite/') && !file.endsWith('.map'));
      const files = [...built.map((file) => `/${file}`), ...publicFiles(publicDir)].sort();
      const version = createHash('sha256');
      for (const file of built) {
        const output = bundle[file]!;
        version.update(file).update(output.type === 'chunk' ? output.code : output.source);
      }
      const precache = JSON.stringify({ version: version.digest('hex').slice(0, 16), files });
      if (!PLACEHOLDER.test(worker.code)) this.error('sw.js lost its __QGIG_PRECACHE__ placeholder');
      worker.code = worker.code.replace(PLACEHOLDER, JSON.stringify(precache));
    },
  };
}
