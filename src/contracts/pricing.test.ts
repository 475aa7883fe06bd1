import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referencePrice } from '../../test/support/pricing.js';
import { priceShift, shiftMinutes } from './pricing.js';

describe('priceShift', () => {
  it('charges an hourly 08:00-16:00 shift eight hours, plus the fee', () => {
    expect(priceShift({ rateAmount: 10_000, rateUnit: 'hour', minutes: shiftMinutes(8 * 60, 16 * 60) }, 10)).toEqual({
      hours: 8,
      pay: 80_000,
      fee: 8_000,
      total: 88_000,
    });
  });

  it('charges a day rate as it is, whatever the length', () => {
    expect(priceShift({ rateAmount: 50_000, rateUnit: 'day', minutes: 600 }, 10)).toEqual({
      hours: 10,
      pay: 50_000,
      fee: 5_000,
      total: 55_000,
    });
  });

  it.each([
    // 45 minutes at 3,333/h is 2,499.75 → 2,500; its 10% is 250.
    [3_333, 45, 10, { hours: 0.75, pay: 2_500, fee: 250, total: 2_750 }],
    // 90 minutes at 1,001/h is exactly 1,501.5 → 1,502 (half up); 5% of it is 75.1 → 75.
    [1_001, 90, 5, { hours: 1.5, pay: 1_502, fee: 75, total: 1_577 }],
    // A fee of exactly half a shilling rounds up: 5% of 10 is 0.5 → 1.
    [10, 60, 5, { hours: 1, pay: 10, fee: 1, total: 11 }],
  ])('rounds half up: %i/h for %i minutes at %i%%', (rateAmount, minutes, feePercent, expected) => {
    expect(priceShift({ rateAmount, rateUnit: 'hour', minutes }, feePercent)).toEqual(expected);
  });

  it('counts an overnight shift to the next day', () => {
    expect(shiftMinutes(22 * 60, 6 * 60)).toBe(480);
    expect(shiftMinutes(8 * 60, 8 * 60)).toBe(1440);
  });

  it('agrees with exact integer arithmetic for every rate, length and fee percentage', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.constantFrom('hour' as const, 'day' as const),
        fc.integer({ min: 1, max: 1440 }),
        fc.integer({ min: 0, max: 100 }),
        (rateAmount, rateUnit, minutes, feePercent) => {
          const price = priceShift({ rateAmount, rateUnit, minutes }, feePercent);
          expect(price).toMatchObject(referencePrice(rateAmount, rateUnit, minutes, feePercent));
          expect(price.total).toBe(price.pay + price.fee);
          expect(Number.isInteger(price.pay) && Number.isInteger(price.fee)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees on the exact halves, where rounding direction shows', () => {
    // rate × minutes = 60k + 30: pay is exactly k + 0.5 and must round up.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (k) => {
        const minutes = 30;
        const rateAmount = 2 * k + 1; // rate × 30 / 60 = k + 0.5
        expect(priceShift({ rateAmount, rateUnit: 'hour', minutes }, 0).pay).toBe(k + 1);
      }),
    );
  });
});
