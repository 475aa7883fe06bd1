/** The price rule of API.md "Jobs" in exact integer arithmetic (n / d rounded half up is floor((2n + d) / 2d)), to check the app's against. */
export function referencePrice(rateAmount: number, rateUnit: 'hour' | 'day', minutes: number, feePercent: number) {
  const halfUp = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);
  const pay = rateUnit === 'hour' ? halfUp(BigInt(rateAmount) * BigInt(minutes), 60n) : BigInt(rateAmount);
  const fee = halfUp(pay * BigInt(feePercent), 100n);
  return { pay: Number(pay), fee: Number(fee), total: Number(pay + fee) };
}
