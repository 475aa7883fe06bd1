import { z } from 'zod';

/** The privacy notice people accept at sign-up; bump the version whenever the text changes. */
export const CONSENT_VERSION = '2026-11-01';

export const CONSENT_TEXT = `Qgig keeps your name, email address, phone number and, for professionals, your National Identification Number (NIN) and credential documents, to match institutions with verified professionals, to process payments through PesaPal, and to keep the service safe. Your NIN and documents are encrypted, seen only by you and Qgig's verification staff (every view is logged), and never shown to institutions. Your phone and email are shared with the other party only once a shift is assigned. You may download everything we hold about you, or delete your account, at any time from your account page. Payment records are kept, pseudonymised, as the law requires. Uganda Data Protection and Privacy Act, 2019.`;

export const PrivacyNotice = z.object({ version: z.string(), text: z.string() }).meta({ id: 'PrivacyNotice' });

export const ConsentBody = z.object({
  /** The notice version the client showed and the user accepted. */
  version: z.string().max(40),
});
