import { z } from 'zod';
import { lineText } from './common.js';

export const PinBody = z.object({
  pin: z
    .string()
    .regex(/^[0-9]{4}$/, 'A PIN is 4 digits')
    .meta({ description: 'the PIN every USSD session asks for', example: '4821' }),
});
export type PinBody = z.output<typeof PinBody>;

/** A professional's USSD access, on GET /me: the code to dial, and whether the PIN every session asks for is set. */
export const UssdState = z
  .object({
    serviceCode: z.string().meta({ example: '*284*77#' }),
    pinSet: z.boolean(),
  })
  .meta({ id: 'UssdState' });
export type UssdState = z.output<typeof UssdState>;

/** What Africa's Talking posts to /ussd (form-encoded) at each step of a session. */
export const UssdForm = z.object({
  sessionId: lineText(200).min(1),
  serviceCode: lineText(100),
  phoneNumber: lineText(32).min(1),
  networkCode: lineText(20).optional(),
  /** Empty on the first request; then every answer of the session, joined by `*`. */
  text: lineText(1000).default(''),
});
export type UssdForm = z.output<typeof UssdForm>;
