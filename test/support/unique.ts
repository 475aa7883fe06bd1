import { randomInt } from 'node:crypto';

let sequence = randomInt(1_000_000);

/** A unique valid Ugandan mobile number (MTN's 077 range), in the local form people type. */
export function uniquePhone(): string {
  sequence += 1;
  return `077${String(sequence % 10_000_000).padStart(7, '0')}`;
}

export function uniqueEmail(label = 'user'): string {
  sequence += 1;
  return `${label}.${sequence}@example.ug`;
}

export const STRONG_PASSWORD = 'Nalubaale-Dam-2026';
