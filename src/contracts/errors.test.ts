import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './errors.js';

const SOURCE_ROOT = join(import.meta.dirname, '..');

/** The server's own code (not the contracts, not tests): where problems are thrown. */
function serverSources(): string {
  return readdirSync(SOURCE_ROOT, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.startsWith('contracts'))
    .map((file) => readFileSync(join(SOURCE_ROOT, file), 'utf8'))
    .join('\n');
}

describe('the error code union', () => {
  it('lists each code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  it('lists only codes the server throws (typecheck makes every thrown code a member)', () => {
    const sources = serverSources();
    expect(ERROR_CODES.filter((code) => !sources.includes(`'${code}'`))).toEqual([]);
  });

  it('tells a member from any other problem type slug', () => {
    expect(isErrorCode('shift-clash')).toBe(true);
    expect(isErrorCode('shift-clashes')).toBe(false);
    expect(isErrorCode('about:blank')).toBe(false);
  });
});
