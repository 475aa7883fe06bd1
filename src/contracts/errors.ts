/**
 * Every problem `type` slug the server answers with (`https://qgig.ug/problems/<code>`): clients
 * branch on these, so a code is added here before anything may throw it.
 */
export const ERROR_CODES = [
  // Generic, by status (problem-details.ts); `error` for a status without a slug of its own.
  'bad-request',
  'unauthenticated',
  'forbidden',
  'not-found',
  'method-not-allowed',
  'conflict',
  'payload-too-large',
  'unsupported-media-type',
  'validation-failed',
  'rate-limited',
  'internal',
  'unavailable',
  'error',
  // Accounts and sessions
  'email-taken',
  'phone-taken',
  'invalid-phone',
  'invalid-credentials',
  'invalid-token',
  'invalid-refresh-token',
  'no-refresh-token',
  'session-ended',
  'account-suspended',
  'wrong-role',
  'cannot-suspend-self',
  'consent-version-outdated',
  'invalid-link',
  'email-already-verified',
  'same-email',
  'wrong-password',
  'same-phone',
  'invalid-code',
  'active-job',
  // Jobs
  'job-state-conflict',
  'not-job-owner',
  'not-verified',
  'role-mismatch',
  'shift-clash',
  'shift-not-started',
  'shift-not-ended',
  // Confirmation and release
  'too-early-to-confirm',
  'too-late-to-confirm',
  'too-early-to-release',
  'too-late-to-release',
  'assignee-confirmed',
  'job-funded',
  'reliability-restricted',
  // Attendance
  'no-attendance-code',
  'outside-attendance-window',
  'not-job-assignee',
  'too-early-to-check-in',
  'wrong-attendance-code',
  'too-early-for-no-show',
  // Messages
  'outside-message-window',
  // Payments and ratings
  'payment-exists',
  'payment-provider-unavailable',
  'job-not-paid',
  'not-a-party',
  'job-not-completed',
  'already-rated',
  // Payouts
  'payout-not-failed',
  'payout-not-settled',
  'payout-not-successful',
  // Documents
  'multipart-required',
  'malformed-multipart',
  'file-too-large',
  'unsupported-file-type',
  'document-file-gone',
  'document-expired',
  'document-not-pending',
  // Reliability
  'event-not-appealable',
  'appeal-exists',
  'appeal-decided',
  // Backups (command line)
  'backup-failed',
  'backup-not-found',
  'not-a-backup',
  'backup-kind-mismatch',
  'backup-unreadable',
  'no-embedded-database',
  'embedded-database-in-use',
  'restore-target-not-empty',
  'restore-target-unreachable',
  'restore-failed',
  'postgres-client-missing',
  'postgres-client-failed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: string): value is ErrorCode {
  return KNOWN.has(value);
}
