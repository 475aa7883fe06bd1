import type { JobView } from '@contracts/jobs';
import { describe, expect, it } from 'vitest';
import { recentTwin } from './jobs';

describe('recentTwin', () => {
  const shift = { role: 'nurse', date: '2026-12-01', startTime: '08:00', endTime: '16:00', district: 'Wakiso' };
  const posted = (overrides: Partial<JobView>) => ({ id: 'a', ...shift, createdAt: '2026-11-20T10:00:00.000Z', ...overrides }) as JobView;
  const now = Date.parse('2026-11-20T10:00:30.000Z');

  it('finds the same shift posted under a minute ago', () => {
    expect(recentTwin([posted({ id: 'twin' })], shift, now)?.id).toBe('twin');
  });

  it('ignores older postings and other shifts', () => {
    expect(
      recentTwin(
        [posted({ createdAt: '2026-11-20T09:59:00.000Z' }), posted({ endTime: '17:00' }), posted({ district: 'Kampala' })],
        shift,
        now,
      ),
    ).toBeUndefined();
  });
});
