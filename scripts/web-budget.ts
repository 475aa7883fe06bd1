/**
 * After `vite build`: the JavaScript a first visit downloads before anything shows (the entry chunk
 * and every chunk it imports statically, not the pages loaded on demand), gzipped, against the budget.
 * Exits 1 above the budget so the build fails.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1024;
const webRoot = path.resolve(import.meta.dirname, '../dist/web');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

const manifest = JSON.parse(readFileSync(path.join(webRoot, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;

function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) staticClosure(imported, seen);
  return seen;
}

const gzippedSize = (file: string) => gzipSync(readFileSync(path.join(webRoot, file)), { level: 9 }).length;
const kilobytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

// The service worker (sw.js) is an entry too, but the browser fetches it after the page, on its own.
const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry && manifest[key]!.file !== 'sw.js');
const initialKeys = new Set(entries.flatMap((entry) => [...staticClosure(entry)]));
const initial = [...initialKeys].map((key) => ({ file: manifest[key]!.file, bytes: gzippedSize(manifest[key]!.file) }));
const total = initial.reduce((sum, chunk) => sum + chunk.bytes, 0);
const css = [...new Set([...initialKeys].flatMap((key) => manifest[key]!.css ?? []))].reduce((sum, file) => sum + gzippedSize(file), 0);

for (const chunk of initial.sort((a, b) => b.bytes - a.bytes))
  console.log(`  ${chunk.file.padEnd(44)} ${kilobytes(chunk.bytes).padStart(9)} gzipped`);
console.log(`Initial JavaScript: ${kilobytes(total)} gzipped (budget ${kilobytes(BUDGET_BYTES)}); initial CSS ${kilobytes(css)} gzipped.`);
if (total > BUDGET_BYTES) {
  console.error(`The initial JavaScript is ${kilobytes(total - BUDGET_BYTES)} over the budget: load more of it on demand (React.lazy).`);
  process.exit(1);
}
