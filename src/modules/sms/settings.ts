import type { Config } from '../../config.js';

export const DELIVERY_REPORTS_PATH = '/api/v1/sms/delivery-reports';

/** The zero-setup default: Africa's Talking's API spoken by a simulator on this server, never in production. */
export function atSimulatorMounted(config: Config): boolean {
  return !config.africasTalking && !config.isProduction;
}

/** Where Africa's Talking (or the simulator) posts delivery reports, with the callback key when one is set. */
export function deliveryReportUrl(config: Config): string {
  const key = config.atCallbackKey ? `?key=${encodeURIComponent(config.atCallbackKey)}` : '';
  return `${config.publicUrl}${DELIVERY_REPORTS_PATH}${key}`;
}
