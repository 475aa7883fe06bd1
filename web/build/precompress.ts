import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json|txt)$/;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Writes .br and .gz beside each text asset; the server sends them to browsers that accept them. */
export function precompress(): Plugin {
  return {
    name: 'qgig-precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const directory = options.dir!;
      // Not the build manifest: the server never sends it.
      const files = Object.keys(bundle).filter((file) => COMPRESSIBLE.test(file) && !file.startsWith('.vite/'));
      await Promise.all(
        files.map(async (file) => {
          const target = path.join(directory, file);
          const content = await readFile(target);
          await writeFile(`${target}.gz`, await gzipAsync(content, { level: 9 }));
          await writeFile(`${target}.br`, await brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        }),
      );
    },
  };
}
