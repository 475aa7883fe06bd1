import { describe, expect, it } from 'vitest';
import { applyPoints, giveBackPoints, isRestrictingScore, lateCancellationPayPercent } from './rules.js';

const start = new Date('2027-03-10T05:00:00Z');
const hoursAhead = (hours: number): Date => new Date(start.getTime() - hours * 3_600_000);

describe('reliability rules', () => {
  it.each([
    [100, 0],
    [72, 0],
    [71.99, -10],
    [24, -10],
    [23.99, -20],
    [12, -20],
    [11.99, -35],
    [4, -35],
    [3.99, -50],
    [0, -50],
    [-1, -50],
  ])('giving back %f h ahead costs %i points', (hours, points) => {
    expect(giveBackPoints(start, hoursAhead(hours))).toBe(points);
  });

  it.each([
    [24, 0],
    [23.99, 25],
    [4, 25],
    [3.99, 50],
    [0.5, 50],
  ])('an owner cancelling %f h ahead owes %i%% of pay', (hours, percent) => {
    expect(lateCancellationPayPercent(start, hoursAhead(hours))).toBe(percent);
  });

  it('keeps a score within 0 and 100', () => {
    expect(applyPoints(98, 5)).toBe(100);
    expect(applyPoints(40, -100)).toBe(0);
    expect(applyPoints(60, -10)).toBe(50);
  });

  it('restricts below 50, not at 50', () => {
    expect(isRestrictingScore(50)).toBe(false);
    expect(isRestrictingScore(49)).toBe(true);
  });
});
