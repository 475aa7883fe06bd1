/** Kampala is UTC+3 all year (no daylight saving). */
const KAMPALA_OFFSET_MS = 3 * 60 * 60 * 1000;
/** A shift starting this soon is worth waking someone for. */
const URGENT_SHIFT_MS = 12 * 60 * 60 * 1000;

export interface QuietHours {
  fromHour: number;
  untilHour: number;
}

export interface SendTimeInput {
  now: Date;
  quietHours: QuietHours | undefined;
  /** Sign-in codes pass at any hour. */
  bypassQuietHours?: boolean;
  /** The shift the SMS is about, when there is one. */
  shiftStartsAt?: Date;
}

/**
 * When an SMS may go: now, or, in the quiet hours (21:00 to 07:00 Kampala time by default), at their
 * end (deferred, never dropped), unless it is a sign-in code or about a shift starting within 12 hours.
 */
export function earliestSendTime({ now, quietHours, bypassQuietHours, shiftStartsAt }: SendTimeInput): Date {
  if (!quietHours || bypassQuietHours) return now;
  const untilShift = shiftStartsAt ? shiftStartsAt.getTime() - now.getTime() : -1;
  if (untilShift >= 0 && untilShift <= URGENT_SHIFT_MS) return now;
  const local = new Date(now.getTime() + KAMPALA_OFFSET_MS);
  const hour = local.getUTCHours();
  const { fromHour, untilHour } = quietHours;
  const quiet = fromHour > untilHour ? hour >= fromHour || hour < untilHour : hour >= fromHour && hour < untilHour;
  if (!quiet) return now;
  const nextDay = hour >= untilHour ? 1 : 0;
  const end = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + nextDay, untilHour);
  return new Date(end - KAMPALA_OFFSET_MS);
}
