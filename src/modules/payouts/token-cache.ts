export interface IssuedToken {
  token: string;
  /** Seconds, as the network said (Airtel has been seen sending it as a string). */
  expiresInSeconds: number;
}

/**
 * An access token kept until shortly before the lifetime the network gave, with one request in
 * flight however many callers need a token at once.
 */
export class TokenCache {
  private cached: { token: string; renewAt: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly request: () => Promise<IssuedToken>,
    private readonly renewalMarginMs: number,
  ) {}

  get(): Promise<string> {
    if (this.cached && Date.now() < this.cached.renewAt) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.issue().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Makes `call` with a token; when the network refuses the token (401) before its time, renews it once and calls again. */
  async authorized<T extends { status: number }>(call: (token: string) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.get();
      const answer = await call(token);
      if (answer.status !== 401 || attempt > 1) return answer;
      if (this.cached?.token === token) this.cached = undefined;
    }
  }

  private async issue(): Promise<string> {
    const { token, expiresInSeconds } = await this.request();
    const lifetimeMs = Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds * 1000 : 0;
    this.cached = { token, renewAt: Date.now() + lifetimeMs - Math.min(this.renewalMarginMs, lifetimeMs / 2) };
    return token;
  }
}
