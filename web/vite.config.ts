import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';
import { precompress } from './build/precompress.js';
import { serviceWorker } from './build/service-worker.js';

const apiPort = process.env.PORT ?? '3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), serviceWorker(path.resolve(import.meta.dirname, 'public')), precompress()],
  resolve: {
    alias: { '@contracts': path.resolve(import.meta.dirname, '../src/contracts') },
  },
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/web'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
  },
  server: {
    host: '127.0.0.1',
    // `npm run dev` serves the API; the dev server forwards to it, so cookies stay same-origin.
    proxy: Object.fromEntries(['/api', '/docs', '/healthz', '/readyz'].map((prefix) => [prefix, `http://127.0.0.1:${apiPort}`])),
  },
});
