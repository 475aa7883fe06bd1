import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A Ugandan number in any of the forms people type (0772…, 772…, +256772…, with spaces or dashes),
 * as E.164; undefined when it is not a valid Ugandan number. Operator prefixes come from
 * libphonenumber's metadata, never from a hard-coded list.
 */
export function toUgandaE164(input: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), 'UG');
  if (!parsed || parsed.country !== 'UG' || !parsed.isValid()) return undefined;
  return parsed.number;
}
