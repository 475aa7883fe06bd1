import { createHmac, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

/** A new code every minute; the one before stays valid one more minute. */
export const CODE_STEP_MS = 60_000;

const stepOf = (at: number): number => Math.floor(at / CODE_STEP_MS);

/**
 * The 6-digit attendance code of a job at a time step, TOTP-like: an HMAC of the job id and step
 * under a key derived from the server's secret, so nothing is stored and every API process agrees.
 */
function codeAt(secret: string, jobId: string, step: number): string {
  const key = createHmac('sha256', secret).update('qgig attendance code').digest();
  const mac = createHmac('sha256', key).update(`${jobId}:${step}`).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

export interface AttendanceCode {
  code: string;
  qrSvg: string;
  /** When this code stops being accepted (a new one is shown from a minute before). */
  expiresAt: string;
}

export async function currentCode(secret: string, jobId: string, now = Date.now()): Promise<AttendanceCode> {
  const step = stepOf(now);
  const code = codeAt(secret, jobId, step);
  const qrSvg = await QRCode.toString(`qgig:attend:${jobId}:${code}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { code, qrSvg, expiresAt: new Date((step + 2) * CODE_STEP_MS).toISOString() };
}

/** Whether `code` (6 digits, as the contract checks) is this minute's or the last minute's code of the job. */
export function isValidCode(secret: string, jobId: string, code: string, now = Date.now()): boolean {
  const step = stepOf(now);
  return [step, step - 1].some((candidate) => timingSafeEqual(Buffer.from(codeAt(secret, jobId, candidate)), Buffer.from(code)));
}
