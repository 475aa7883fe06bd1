import type { SimulatedOrder, SimulatorState } from './simulator-state.js';
import type { IpnAcknowledgement } from './wire.js';

interface PendingIpn {
  order: SimulatedOrder;
  notificationType: string;
}

/**
 * Sends IPNs the way PesaPal does: to the URL registered for the order's notification_id, as a GET
 * query or a POST JSON body, retried while the merchant does not answer 200 with the JSON ack.
 */
export class IpnSender {
  private held: PendingIpn[] | undefined;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: SimulatorState,
    private readonly retryDelaysMs: number[],
  ) {}

  notify(order: SimulatedOrder, copies = 1, notificationType = 'IPNCHANGE'): void {
    for (let copy = 0; copy < copies; copy++) {
      if (this.held) this.held.push({ order, notificationType });
      else void this.deliver({ order, notificationType }, 1);
    }
  }

  /** Keeps IPNs back until release, to deliver them late or out of order. */
  hold(): void {
    this.held ??= [];
  }

  release(reverse: boolean): number {
    const pending = this.held ?? [];
    this.held = undefined;
    for (const ipn of reverse ? [...pending].reverse() : pending) void this.deliver(ipn, 1);
    return pending.length;
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async deliver(ipn: PendingIpn, attempt: number): Promise<void> {
    if (this.stopped) return;
    const registration = this.state.ipns.get(ipn.order.notificationId);
    if (!registration) return;
    const fields = {
      OrderTrackingId: ipn.order.trackingId,
      OrderMerchantReference: ipn.order.merchantReference,
      OrderNotificationType: ipn.notificationType,
    };
    let httpStatus: number | null = null;
    let acknowledged = false;
    try {
      const url = new URL(registration.url);
      if (registration.type === 'GET') for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, value);
      const response = await fetch(url, {
        method: registration.type,
        headers: registration.type === 'POST' ? { 'content-type': 'application/json' } : {},
        body: registration.type === 'POST' ? JSON.stringify(fields) : undefined,
        signal: AbortSignal.timeout(10_000),
      });
      httpStatus = response.status;
      const ack = (await response.json().catch(() => undefined)) as Partial<IpnAcknowledgement> | undefined;
      acknowledged = response.status === 200 && ack?.status === 200 && ack.orderTrackingId === ipn.order.trackingId;
    } catch {
      // Unreachable merchant: retried below like any other missing acknowledgement.
    }
    this.state.ipnAttempts.push({
      trackingId: ipn.order.trackingId,
      merchantReference: ipn.order.merchantReference,
      notificationType: ipn.notificationType,
      url: registration.url,
      method: registration.type,
      attempt,
      httpStatus,
      acknowledged,
      at: new Date().toISOString(),
    });
    const delay = this.retryDelaysMs[attempt - 1];
    if (acknowledged || delay === undefined || this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.deliver(ipn, attempt + 1);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
