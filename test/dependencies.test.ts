import { execFileSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Declared for their command (npm scripts, npx) or their types, never imported. */
const COMMAND_OR_TYPES_ONLY = new Set(['typescript', 'tsx', 'drizzle-kit', 'eslint']);

/** The specifier of an import, a dynamic import or a re-export, when it names a package rather than a relative path. */
const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]((?:@[\w.-]+\/)?[\w-][\w.-]*(?:\/[\w./-]+)?)['"]/gm;

/** `@scope/name/deep/path` → `@scope/name`; `name/deep` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The packages every tracked source file imports, by file. */
function importsByFile(): Map<string, Set<string>> {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.js', '*.mjs'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  const builtins = new Set(builtinModules);
  const imports = new Map<string, Set<string>>();
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8');
    const packages = [...text.matchAll(SPECIFIER)]
      .map((match) => match[1]!)
      .filter((specifier) => !specifier.startsWith('node:') && !specifier.startsWith('@contracts') && !builtins.has(packageOf(specifier)))
      .map(packageOf);
    imports.set(file, new Set(packages));
  }
  return imports;
}

describe('package.json dependencies', () => {
  const imports = importsByFile();
  const declared = new Set([...Object.keys(packageJson.dependencies), ...Object.keys(packageJson.devDependencies)]);
  const imported = new Set([...imports.values()].flatMap((packages) => [...packages]));

  it('declares every package the code imports', () => {
    expect([...imported].filter((name) => !declared.has(name)).sort()).toEqual([]);
  });

  it('declares nothing that no file imports and no script runs', () => {
    const scripts = Object.values(packageJson.scripts).join('\n');
    const unused = [...declared].filter(
      (name) => !imported.has(name) && !name.startsWith('@types/') && !COMMAND_OR_TYPES_ONLY.has(name) && !scripts.includes(name),
    );
    expect(unused.sort()).toEqual([]);
  });

  it('the server imports only production dependencies (the image installs no others)', () => {
    const serverFiles = [...imports].filter(([file]) => file.startsWith('src/') && !file.endsWith('.test.ts'));
    const devOnly = serverFiles.flatMap(([file, packages]) =>
      [...packages].filter((name) => !(name in packageJson.dependencies)).map((name) => `${file}: ${name}`),
    );
    expect(devOnly).toEqual([]);
  });
});
