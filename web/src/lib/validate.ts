import type { z } from 'zod';
import { adoptPlainMessages } from '@contracts/messages';
import { ApiError } from '../api/problem';

// Here rather than at start: the forms that check answers load Zod with them, keeping it out of the first download.
adoptPlainMessages();

/**
 * Checks form values with the API's own Zod schema before sending, so people see the same messages
 * the server would give, next to the same fields. Throws an ApiError a <Form> displays.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, values: unknown): z.output<Schema> {
  // A field left empty reaches the schema as undefined; the messages adopted above say "Fill this in".
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw validationError(result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
}

/** The error a <Form> shows for answers checked in the browser: a summary, and each message beside its field. */
export function validationError(errors: { path: string; message: string }[]): ApiError {
  return new ApiError({
    type: 'about:blank#validation-failed',
    title: 'Unprocessable content',
    status: 422,
    detail: 'Some answers need correcting.',
    errors,
  });
}

/** A number typed into a form field, or undefined when it was left empty (so the schema says "required"). */
export function toNumber(value: FormDataEntryValue | null): number | undefined {
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
}
