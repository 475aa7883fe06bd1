export const KAMPALA = 'Africa/Kampala';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: KAMPALA,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Tue, 1 Dec 2026, 08:00" in Kampala time, whatever the viewer's zone. */
export function formatKampalaDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

const calendarDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: KAMPALA,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** A calendar date (YYYY-MM-DD) as "Tue, 1 Dec 2026", read as noon in Kampala so no zone moves it to another day. */
export function formatCalendarDate(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00+03:00`);
  return Number.isNaN(date.getTime()) ? isoDate : calendarDate.format(date);
}

const isoDate = new Intl.DateTimeFormat('en-CA', { timeZone: KAMPALA, year: 'numeric', month: '2-digit', day: '2-digit' });
const DAY_MS = 86_400_000;

/** The Kampala calendar date (YYYY-MM-DD) at an instant. */
export function kampalaDateOf(at: Date): string {
  return isoDate.format(at);
}

/** Whole days from one calendar date (YYYY-MM-DD) to another: negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** A calendar date `years` later (29 February becomes 1 March). */
export function addYears(date: string, years: number): string {
  const moved = new Date(`${date}T00:00:00Z`);
  moved.setUTCFullYear(moved.getUTCFullYear() + years);
  return moved.toISOString().slice(0, 10);
}
