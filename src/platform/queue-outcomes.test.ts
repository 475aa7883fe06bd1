import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './crypto.js';
import { isOutcomeStatement, OUTCOME_STATEMENT_SHA256, QUEUE_SCHEMA } from './queue-outcomes.js';

// pg-boss's statement texts live in a CommonJS module without types; only this test reads them.
const plans = createRequire(import.meta.url)('pg-boss/src/plans.js') as Record<string, (schema: string) => string>;
const root = path.resolve(import.meta.dirname, '../..');

describe('the pg-boss statements whose outcome is retried', () => {
  it('are exactly the installed pg-boss’s completeJobs and failJobsById: an upgrade that changes them fails here', () => {
    const installed = ['completeJobs', 'failJobsById'].map((plan) => sha256Hex(plans[plan]!(QUEUE_SCHEMA)));
    expect(new Set(installed)).toEqual(OUTCOME_STATEMENT_SHA256);
  });

  it('belong to pg-boss 10, pinned exactly (11 and later need Node 22)', () => {
    const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(dependencies['pg-boss']).toMatch(/^10\.\d+\.\d+$/);
  });

  it('are told apart from pg-boss’s other statements', () => {
    expect(isOutcomeStatement(plans.completeJobs!(QUEUE_SCHEMA))).toBe(true);
    expect(isOutcomeStatement(plans.failJobsById!(QUEUE_SCHEMA))).toBe(true);
    expect(isOutcomeStatement(plans.completeJobs!('another_schema'))).toBe(false);
    expect(isOutcomeStatement(plans.cancelJobs!(QUEUE_SCHEMA))).toBe(false);
  });
});
