import { DateTime } from 'luxon';
import { clockToMinutes, minutesToClock } from '../../contracts/profiles.js';
import { KAMPALA } from '../../contracts/time.js';
import { invalidField } from '../../platform/errors.js';

/** How far ahead a shift may be posted. */
export const MAX_DAYS_AHEAD = 365;

export interface Shift {
  startsAt: Date;
  endsAt: Date;
  /** Kampala date the shift starts, its weekday (0 = Sunday) and clock minutes; an end at or before the start is the next day. */
  shiftDate: string;
  weekday: number;
  startMinute: number;
  endMinute: number;
}

/** Turns the Kampala date and wall-clock times an institution entered into instants, checking the shift is in the future. */
export function shiftOf(date: string, startTime: string, endTime: string, now = new Date()): Shift {
  const day = DateTime.fromISO(date, { zone: KAMPALA });
  if (!day.isValid) throw invalidField('date', 'Not a calendar date');
  const startMinute = clockToMinutes(startTime);
  const endMinute = clockToMinutes(endTime);
  const start = day.plus({ minutes: startMinute });
  const end = day.plus({ days: endMinute <= startMinute ? 1 : 0, minutes: endMinute });
  if (start.toMillis() <= now.getTime()) throw invalidField('date', 'The shift must start in the future');
  if (start.diff(DateTime.fromJSDate(now), 'days').days > MAX_DAYS_AHEAD)
    throw invalidField('date', `Post shifts at most ${MAX_DAYS_AHEAD} days ahead`);
  return { startsAt: start.toJSDate(), endsAt: end.toJSDate(), shiftDate: date, weekday: day.weekday % 7, startMinute, endMinute };
}

export function shiftFields(row: { shiftDate: string; startMinute: number; endMinute: number }) {
  return { date: row.shiftDate, startTime: minutesToClock(row.startMinute), endTime: minutesToClock(row.endMinute) };
}
