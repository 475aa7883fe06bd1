import type { RATE_UNITS } from './profiles.js';

/** The largest amount the transactions' 32-bit `amount` column holds. */
export const MAX_CHARGE = 2_147_483_647;

export interface PricedShift {
  /** The shift's length in hours, to two decimals. */
  hours: number;
  /** What the professional earns. */
  pay: number;
  /** Qgig's fee on top of the pay. */
  fee: number;
  /** What the institution is charged: pay + fee. */
  total: number;
}

export interface ShiftRate {
  rateAmount: number;
  rateUnit: (typeof RATE_UNITS)[number];
  /** The shift's length; an end at or before the start is the next day, so 1 to 1440. */
  minutes: number;
}

/** numerator / denominator rounded half up, exact for the non-negative integers money uses here (below 2^53). */
function divideRoundingHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** Minutes from a start to an end clock minute of the day; an end at or before the start is the next day. */
export function shiftMinutes(startMinute: number, endMinute: number): number {
  return endMinute > startMinute ? endMinute - startMinute : endMinute + 1440 - startMinute;
}

/** The pay, fee and total of a shift in whole shillings, rounded half up; `feePercent` is a whole percentage. */
export function priceShift({ rateAmount, rateUnit, minutes }: ShiftRate, feePercent: number): PricedShift {
  const pay = rateUnit === 'hour' ? divideRoundingHalfUp(rateAmount * minutes, 60) : rateAmount;
  const fee = divideRoundingHalfUp(pay * feePercent, 100);
  return { hours: Math.round((minutes / 60) * 100) / 100, pay, fee, total: pay + fee };
}

/** A priced shift's money split by `payPercent` of its pay: the professional's share, the fee on it, and the rest of the total. */
export interface PriceSplit {
  payPercent: number;
  /** The professional's share of pay. */
  pay: number;
  /** Qgig's fee on that share. */
  fee: number;
  /** The rest of the total, back to the institution. */
  refund: number;
}

/** Pay and fee each take `payPercent` (rounded half up); the rest of the total is returned, so the three add up to it. */
export function splitPrice(price: Pick<PricedShift, 'pay' | 'fee' | 'total'>, payPercent: number): PriceSplit {
  const pay = divideRoundingHalfUp(price.pay * payPercent, 100);
  const fee = divideRoundingHalfUp(price.fee * payPercent, 100);
  return { payPercent, pay, fee, refund: price.total - pay - fee };
}
