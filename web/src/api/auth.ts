import type { z } from 'zod';
import type { AuthResult, LoginBody, OtpVerifyBody, RegisterBody } from '@contracts/accounts';
import type { MeView } from '@contracts/me';
import { api, refreshSession } from './client';
import { ApiError, asApiError } from './problem';
import { endSession, markUnreachable, startSession } from './session';

export type Me = MeView;

export async function register(body: z.output<typeof RegisterBody>): Promise<void> {
  startSession(await api.post<AuthResult>('/auth/register', body));
}

export async function login(body: z.input<typeof LoginBody>): Promise<void> {
  startSession(await api.post<AuthResult>('/auth/login', body));
}

export async function signInWithCode(body: z.output<typeof OtpVerifyBody>): Promise<void> {
  startSession(await api.post<AuthResult>('/auth/otp/verify', body));
}

/** Ends the session on the server first: signing out only locally would leave the cookie able to sign back in. */
export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  endSession();
}

/** On page load: a valid refresh cookie signs the visitor back in. */
export async function restoreSession(): Promise<void> {
  try {
    await refreshSession();
  } catch (error) {
    markUnreachable(asApiError(error).message);
  }
}
