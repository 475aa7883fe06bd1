import { z } from 'zod';

const count = (value: number | bigint) => Number(value).toLocaleString('en-GB');
const plural = (value: number | bigint, one: string, many: string) => `${count(value)} ${Number(value) === 1 ? one : many}`;

const EXPECTED: Record<string, string> = {
  string: 'Enter text here',
  number: 'Enter a number',
  int: 'Enter a whole number',
  boolean: 'Answer yes or no',
  array: 'Give a list here',
  object: 'Fill in these details',
};

const FORMATS: Record<string, string> = {
  email: 'Enter an email address such as name@example.com',
  uuid: 'Use an identifier Qgig gave you',
  date: 'Enter a calendar date, year-month-day (2026-12-01)',
  datetime: 'Enter a date and time with its offset, such as 2026-12-01T08:00:00+03:00',
};

/**
 * Zod's default messages ("Too big: expected number to be <=100000000", "Invalid input") are written
 * for programmers; this says the same as an instruction to the person filling in the field. Messages a
 * schema gives itself take precedence; this is the fallback for every check that gives none.
 */
export const plainMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? 'Fill this in'
        : (EXPECTED[issue.expected] ?? 'This answer is not of the right kind');
    case 'too_big':
      if (issue.origin === 'string') return `Keep this to ${plural(issue.maximum, 'character', 'characters')} or fewer`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Give at most ${plural(issue.maximum, 'item', 'items')}`;
      return `Enter a number no larger than ${count(issue.maximum)}`;
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'Fill this in' : `Enter at least ${plural(issue.minimum, 'character', 'characters')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Give at least ${plural(issue.minimum, 'item', 'items')}`;
      return issue.inclusive === false
        ? `Enter a number larger than ${count(issue.minimum)}`
        : `Enter a number no smaller than ${count(issue.minimum)}`;
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'This is not written in the form asked for';
    case 'not_multiple_of':
      return `Enter a multiple of ${count(issue.divisor)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Only ${String(issue.values[0])} is accepted here`
        : `Choose one of: ${issue.values.map(String).join(', ')}`;
    case 'unrecognized_keys':
      return `Leave out ${issue.keys.join(', ')}: ${issue.keys.length === 1 ? 'it is' : 'they are'} not part of this form`;
    default:
      return 'This answer is not one that can be accepted here';
  }
};

/** Makes `plainMessage` the fallback of every schema parsed in this process (the API at start, the web app where its forms validate). */
export function adoptPlainMessages(): void {
  z.config({ customError: plainMessage });
}
