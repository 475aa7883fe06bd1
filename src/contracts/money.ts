/** UGX has no minor unit: amounts are whole shillings, shown as "UGX 50,000". */
export function formatUgx(amount: number): string {
  return `UGX ${Math.round(amount).toLocaleString('en-US')}`;
}
