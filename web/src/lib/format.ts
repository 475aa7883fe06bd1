/** Qgig shows every time in Kampala time (EAT, UTC+3, no daylight saving), whatever the device's zone. */
export const KAMPALA = 'Africa/Kampala';

const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const date = new Intl.DateTimeFormat('en-GB', { timeZone: KAMPALA, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
const time = new Intl.DateTimeFormat('en-GB', { timeZone: KAMPALA, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Integer UGX as people write it: `formatUGX(50000)` → "UGX 50,000". */
export function formatUGX(amount: number): string {
  return `UGX ${wholeNumber.format(amount)}`;
}

/** 485 → "8 h 5 min". */
export function formatMinutes(minutes: number): string {
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

type Instant = Date | string | number;
const toDate = (value: Instant) => (value instanceof Date ? value : new Date(value));

/** "Sun, 1 Nov 2026" in Kampala. */
export function formatKampalaDate(value: Instant): string {
  return date.format(toDate(value));
}

/** "14:30" in Kampala. */
export function formatKampalaTime(value: Instant): string {
  return time.format(toDate(value));
}

/** "Sun, 1 Nov 2026, 14:30" in Kampala. */
export function formatKampalaDateTime(value: Instant): string {
  return `${formatKampalaDate(value)}, ${formatKampalaTime(value)}`;
}

/** "14:30–18:00" for a shift within one day, in Kampala. */
export function formatKampalaTimeRange(start: Instant, end: Instant): string {
  return `${formatKampalaTime(start)}–${formatKampalaTime(end)}`;
}

/** A calendar date (YYYY-MM-DD) as "Sun, 1 Nov 2026", read as noon in Kampala so no zone moves it to another day. */
export function formatCalendarDate(isoDate: string): string {
  return formatKampalaDate(`${isoDate}T12:00:00+03:00`);
}
