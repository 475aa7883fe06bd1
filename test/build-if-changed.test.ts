import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIfChanged, BUILD_OUTPUTS } from '../scripts/support/build-stamp.js';

// `npm start` builds only when a build input changed since the last successful build. The build
// itself is stood in for by a function that writes the outputs, so the decision is what is tested.
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function write(root: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

/** A project with one file of every kind of build input. */
function project(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'qgig-build-'));
  roots.push(root);
  for (const [file, content] of Object.entries({
    'src/server.ts': 'serve()',
    'web/src/main.tsx': 'render()',
    'drizzle/0001_jobs.sql': 'CREATE TABLE jobs ()',
    'package.json': '{}',
    'package-lock.json': '{"lockfileVersion":3}',
    'tsconfig.json': '{}',
    'tsconfig.build.json': '{}',
    'web/node_modules/.vite/cache.json': 'ignored',
  }))
    write(root, file, content);
  return root;
}

/** A stand-in build: counts its runs, writes the outputs, and exits with `code`. */
function fakeBuild(root: string, code = 0) {
  const build = () => {
    build.runs += 1;
    if (code === 0) for (const output of BUILD_OUTPUTS) write(root, output, `built ${build.runs}`);
    return code;
  };
  build.runs = 0;
  return build;
}

describe('npm start’s build step', () => {
  it('is wired as prestart', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.prestart).toBe('tsx scripts/build-if-changed.ts');
  });

  it('builds the first time, then not again while nothing changed (touching files is not a change)', () => {
    const root = project();
    const build = fakeBuild(root);
    expect(buildIfChanged(root, build)).toBe(true);
    expect(buildIfChanged(root, build)).toBe(false);
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'src/server.ts'), later, later);
    write(root, 'web/node_modules/.vite/cache.json', 'changed, but not an input');
    expect(buildIfChanged(root, build)).toBe(false);
    expect(build.runs).toBe(1);
  });

  it.each([
    ['a source file in src/', 'src/server.ts', 'serve(2)'],
    ['a new file in src/', 'src/modules/new.ts', 'export {}'],
    ['the web app', 'web/src/main.tsx', 'render(2)'],
    ['a migration', 'drizzle/0002_more.sql', 'ALTER TABLE jobs'],
    ['package-lock.json', 'package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
  ])('builds again after a change to %s', (_what, file, content) => {
    const root = project();
    const build = fakeBuild(root);
    buildIfChanged(root, build);
    write(root, file, content);
    expect(buildIfChanged(root, build)).toBe(true);
    expect(buildIfChanged(root, build)).toBe(false);
    expect(build.runs).toBe(2);
  });

  it('builds again when an output is missing, and after a failed build', () => {
    const root = project();
    const build = fakeBuild(root);
    buildIfChanged(root, build);
    rmSync(path.join(root, 'dist/web/index.html'));
    expect(buildIfChanged(root, build)).toBe(true);

    write(root, 'src/server.ts', 'broken(');
    expect(() => buildIfChanged(root, fakeBuild(root, 2))).toThrow(/exit code 2/);
    expect(buildIfChanged(root, build)).toBe(true);
    expect(build.runs).toBe(3);
  });
});
