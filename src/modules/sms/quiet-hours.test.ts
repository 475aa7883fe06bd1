import { describe, expect, it } from 'vitest';
import { earliestSendTime } from './quiet-hours.js';

const QUIET = { fromHour: 21, untilHour: 7 };
/** A Kampala wall-clock time (UTC+3) on 6 Dec 2026. */
const kampala = (time: string, day = 6) => new Date(`2026-12-${String(day).padStart(2, '0')}T${time}:00+03:00`);

describe('quiet hours (21:00 to 07:00 Kampala)', () => {
  it.each([
    ['20:59', kampala('20:59')],
    ['21:00', kampala('07:00', 7)],
    ['23:30', kampala('07:00', 7)],
    ['00:10', kampala('07:00')],
    ['06:59', kampala('07:00')],
    ['07:00', kampala('07:00')],
    ['12:00', kampala('12:00')],
  ])('an SMS at %s goes at the time shown', (time, expected) => {
    expect(earliestSendTime({ now: kampala(time), quietHours: QUIET })).toEqual(expected);
  });

  it('lets sign-in codes through at any hour', () => {
    expect(earliestSendTime({ now: kampala('21:00'), quietHours: QUIET, bypassQuietHours: true })).toEqual(kampala('21:00'));
  });

  it('lets a shift starting within 12 hours through, and defers one starting later', () => {
    const now = kampala('22:00');
    expect(earliestSendTime({ now, quietHours: QUIET, shiftStartsAt: kampala('09:59', 7) })).toEqual(now);
    expect(earliestSendTime({ now, quietHours: QUIET, shiftStartsAt: kampala('10:01', 7) })).toEqual(kampala('07:00', 7));
    expect(earliestSendTime({ now, quietHours: QUIET, shiftStartsAt: kampala('08:00') })).toEqual(kampala('07:00', 7));
  });

  it('sends at once when quiet hours are off', () => {
    expect(earliestSendTime({ now: kampala('23:00'), quietHours: undefined })).toEqual(kampala('23:00'));
  });
});
