import { describe, expect, it } from 'vitest';
import { formatKampalaDate, formatKampalaDateTime, formatKampalaTime, formatKampalaTimeRange, formatMinutes, formatUGX } from './format';

describe('formatUGX', () => {
  it('writes whole shillings with thousands separators', () => {
    expect(formatUGX(50000)).toBe('UGX 50,000');
    expect(formatUGX(0)).toBe('UGX 0');
    expect(formatUGX(1_250_000)).toBe('UGX 1,250,000');
    expect(formatUGX(999)).toBe('UGX 999');
  });

  it('keeps the sign of a ledger balance that went negative', () => {
    expect(formatUGX(-66000)).toBe('UGX -66,000');
  });
});

describe('formatMinutes', () => {
  it('writes a timesheet’s minutes as hours and minutes', () => {
    expect(formatMinutes(0)).toBe('0 h 0 min');
    expect(formatMinutes(59)).toBe('0 h 59 min');
    expect(formatMinutes(485)).toBe('8 h 5 min');
    expect(formatMinutes(600)).toBe('10 h 0 min');
  });
});

describe('Kampala dates and times', () => {
  it('shows an instant in Kampala time, whatever zone it was written in', () => {
    // 21:30 UTC on 31 October is 00:30 on 1 November in Kampala.
    expect(formatKampalaDate('2026-10-31T21:30:00Z')).toBe('Sun, 1 Nov 2026');
    expect(formatKampalaTime('2026-10-31T21:30:00Z')).toBe('00:30');
    expect(formatKampalaDateTime(new Date('2026-11-01T08:00:00+03:00'))).toBe('Sun, 1 Nov 2026, 08:00');
    expect(formatKampalaTimeRange('2026-11-01T05:00:00Z', '2026-11-01T13:30:00Z')).toBe('08:00–16:30');
  });
});
