import { expect, it } from 'vitest';
import { AppError } from './errors.js';

it('makes refusals without a stack trace, and leaves other errors theirs', () => {
  const limit = Error.stackTraceLimit;
  const refusal = new AppError('conflict', 'job-state-conflict', 'The job is assigned');
  expect(refusal.stack).toBe('AppError: The job is assigned');
  expect(refusal).toMatchObject({ status: 409, code: 'job-state-conflict', message: 'The job is assigned' });
  expect(Error.stackTraceLimit).toBe(limit);
  expect(new Error('a fault').stack).toContain('errors.test.ts');
});
