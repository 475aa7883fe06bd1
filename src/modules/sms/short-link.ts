/**
 * A job's id as 22 base64url characters (GSM-7 safe), for `${PUBLIC_URL}/j/<short>` links that fit
 * in one SMS segment. Nothing is stored: the short form is the id itself, re-encoded.
 */
export function shortJobPath(jobId: string): string {
  return `/j/${Buffer.from(jobId.replace(/-/g, ''), 'hex').toString('base64url')}`;
}

/** The job id behind a short link, or undefined when it is not one. */
export function jobIdOfShort(short: string): string | undefined {
  if (!/^[\w-]{22}$/.test(short)) return undefined;
  const hex = Buffer.from(short, 'base64url').toString('hex');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
