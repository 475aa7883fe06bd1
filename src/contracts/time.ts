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
