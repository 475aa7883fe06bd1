import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, createAccessTokens } from './auth.js';

const user = {
  id: '0b0c6f0e-7c1e-4a53-9d7e-2f9a3c4b5d6e',
  role: 'professional',
  sessionId: '6a1f2e3d-4c5b-4a69-8778-96a5b4c3d2e1',
} as const;

/** What verify() answers: the claims, and when the token expires (in ms, a whole second). */
const verified = { ...user, tokenExpiresAt: expect.any(Number) };

afterEach(() => {
  vi.useRealTimers();
});

describe('access tokens, with verified tokens remembered', () => {
  it('still refuses a token once it has expired, though it was verified before', () => {
    vi.useFakeTimers();
    const tokens = createAccessTokens('a-secret-of-enough-length-for-hs256-0123456789');
    const token = tokens.sign(user);
    expect(tokens.verify(token)).toEqual(verified);
    expect(Math.abs(tokens.verify(token)!.tokenExpiresAt! - (Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000))).toBeLessThanOrEqual(1000);
    vi.advanceTimersByTime((ACCESS_TOKEN_TTL_SECONDS - 1) * 1000);
    expect(tokens.verify(token)).toEqual(verified);
    vi.advanceTimersByTime(2000);
    expect(tokens.verify(token)).toBeUndefined();
  });

  it('refuses a verified token altered in any part, and one signed with another key', () => {
    const tokens = createAccessTokens('a-secret-of-enough-length-for-hs256-0123456789');
    const token = tokens.sign(user);
    expect(tokens.verify(token)).toEqual(verified);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const asAdmin = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.at(-2) === 'A' ? 'B' : 'A'}${signature.at(-1)}`;
    for (const altered of [`${header}.${asAdmin}.${signature}`, `${header}.${payload}.${flipped}`, `${token}x`, `${header}.${payload}.`]) {
      expect(tokens.verify(altered), altered).toBeUndefined();
    }
    const foreign = createAccessTokens('another-secret-of-enough-length-for-hs256-987654').sign(user);
    expect(tokens.verify(foreign)).toBeUndefined();
    expect(tokens.verify(token)).toEqual(verified);
  });
});
