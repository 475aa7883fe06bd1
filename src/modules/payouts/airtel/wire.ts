/** Airtel Money Disbursement's documented names (PAYOUTS.md §2; response codes from global-121's production mapper). */

export const AIRTEL_SUCCESS = 'DP00900001001';
/** Processing or ambiguous: enquire again. */
export const AIRTEL_IN_PROGRESS = ['DP00900001000', 'DP00900001006'] as const;
/** The transaction id is unknown to Airtel: it never received the disbursement. */
export const AIRTEL_NOT_FOUND = 'DP00900001015';
/** Final failures; what each one means is not documented in what we could read. */
export const AIRTEL_FAILURE_CODES = [
  'DP00900001003',
  'DP00900001004',
  'DP00900001005',
  'DP00900001007',
  'DP00900001009',
  'DP00900001010',
  'DP00900001011',
  'DP00900001012',
  'DP00900001013',
  'DP00900001014',
  'DP00900001016',
] as const;

export const AIRTEL_ENDPOINTS = ['token', 'disbursement', 'enquiry', 'user-enquiry', 'encryption-keys'] as const;

/** Airtel's transaction id for our payout reference: the UUID's 32 hex digits (its fields take letters and digits). */
export function airtelTransactionId(reference: string): string {
  return reference.replace(/-/g, '');
}
