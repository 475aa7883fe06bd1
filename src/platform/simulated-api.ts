import { randomBytes } from 'node:crypto';

/** Building blocks of the simulators that stand in for outside APIs (PesaPal, MTN MoMo, Airtel Money). */

export interface Fault {
  failNext: number;
  delayNext: number;
  delayMs: number;
}

/** Faults queued per endpoint: the next `failNext` calls fail, the next `delayNext` calls wait `delayMs`. */
export class FaultQueue<Endpoint extends string> {
  private readonly faults = new Map<Endpoint, Fault>();

  set(endpoint: Endpoint, fault: Fault): void {
    this.faults.set(endpoint, fault);
  }

  /** Consumes one queued fault for the endpoint, if any. */
  take(endpoint: Endpoint): { fail: boolean; delayMs: number } {
    const fault = this.faults.get(endpoint);
    if (!fault) return { fail: false, delayMs: 0 };
    const fail = fault.failNext > 0;
    const delay = fault.delayNext > 0;
    if (fail) fault.failNext -= 1;
    if (delay) fault.delayNext -= 1;
    if (fault.failNext === 0 && fault.delayNext === 0) this.faults.delete(endpoint);
    return { fail, delayMs: delay ? fault.delayMs : 0 };
  }

  clear(): void {
    this.faults.clear();
  }
}

/** Access tokens a simulator issued, each valid for `ttlSeconds` from its issue. */
export class SimulatedTokens {
  private readonly expiries = new Map<string, number>();

  constructor(public ttlSeconds: number) {}

  issue(): { token: string; expiresAt: Date } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    this.expiries.set(token, expiresAt.getTime());
    return { token, expiresAt };
  }

  valid(token: string | undefined): boolean {
    const expiresAt = token ? this.expiries.get(token) : undefined;
    return expiresAt !== undefined && expiresAt > Date.now();
  }

  /** Drops every token, as a provider that revokes them early would. */
  clear(): void {
    this.expiries.clear();
  }
}
