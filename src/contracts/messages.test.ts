import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { adoptPlainMessages } from './messages.js';

/** Zod's own wording, written for programmers: none of it may reach a person. */
const DEFAULT_WORDING = [
  /^Invalid\b/,
  /^Too (big|small)\b/,
  /expected .+ (received|to be|to have)/i,
  /^Unrecognized keys?\b/,
  /^Required$/,
  /\bISO\b/,
  /[<>]=/,
  /^must\b/,
];

/** Wrong answers of every kind, given to every field of a schema at once (so each field's own checks speak). */
const BAD_VALUES: unknown[] = [
  undefined,
  null,
  -1,
  0,
  1.5,
  1e12,
  '',
  'x',
  ' ',
  'x'.repeat(10_001),
  'bell\u0007',
  '2026-02-30',
  '25:00',
  true,
  [],
  {},
  ['x'],
  [{}],
  [-1],
  Array.from({ length: 400 }, () => 'x'),
];

const contractModules = readdirSync(import.meta.dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

async function schemasOf(file: string): Promise<[string, z.ZodType][]> {
  const exported = (await import(/* @vite-ignore */ `./${file}`)) as Record<string, unknown>;
  return Object.entries(exported).filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType);
}

function badInputsFor(schema: z.ZodType): unknown[] {
  const shape = schema instanceof z.ZodObject ? Object.keys(schema.shape as object) : [];
  if (shape.length === 0) return BAD_VALUES;
  return [...BAD_VALUES.map((value) => Object.fromEntries(shape.map((key) => [key, value]))), { unexpectedField: 1 }, ...BAD_VALUES];
}

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

beforeAll(() => {
  adoptPlainMessages();
});

describe('validation messages', () => {
  it.each(contractModules)('in %s are sentences for a person, never Zod’s defaults', async (file) => {
    const schemas = await schemasOf(file);
    const offending = new Set<string>();
    let seen = 0;
    for (const [name, schema] of schemas) {
      for (const input of badInputsFor(schema)) {
        for (const message of messagesOf(schema, input)) {
          seen += 1;
          if (DEFAULT_WORDING.some((pattern) => pattern.test(message)) || !/^[A-Z0-9“‘"]/.test(message))
            offending.add(`${name}: ${message}`);
        }
      }
    }
    if (schemas.length > 0) expect(seen).toBeGreaterThan(0);
    expect([...offending]).toEqual([]);
  });

  it('say what the shift’s date and rate need', async () => {
    const { JobBody } = await import('./jobs.js');
    const refused = JobBody.safeParse({
      role: 'teacher',
      date: '1 Dec',
      startTime: '08:00',
      endTime: '16:00',
      rateAmount: 1e12,
      rateUnit: 'day',
      district: 'Wakiso',
    });
    expect(refused.success ? [] : refused.error.issues.map(({ path, message }) => [path.join('.'), message])).toEqual([
      ['date', 'Choose the date the shift starts (year-month-day)'],
      ['rateAmount', 'The rate can be at most UGX 100,000,000'],
    ]);
  });
});
