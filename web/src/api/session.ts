import { useSyncExternalStore } from 'react';
import type { z } from 'zod';
import type { AuthResult, Role, UserView } from '@contracts/accounts';
import { forgetOfflineShifts } from '../lib/offline-shifts';

export type User = UserView;
export type UserRole = z.output<typeof Role>;

export type Session =
  | { status: 'restoring' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User }
  /** The server could not be asked whether a session exists (offline, server down). */
  | { status: 'unreachable'; message: string };

let session: Session = { status: 'restoring' };
/** Only ever in memory: a reload gets a new one through the HttpOnly refresh cookie. */
let accessToken: string | undefined;
const listeners = new Set<() => void>();

function setSession(next: Session): void {
  session = next;
  for (const listener of listeners) listener();
}

export const getAccessToken = (): string | undefined => accessToken;
export const getSession = (): Session => session;

export function startSession(result: AuthResult): void {
  accessToken = result.accessToken;
  setSession({ status: 'signed-in', user: result.user });
}

/** The signed-in user's account changed (a new name): what the page header shows follows. */
export function updateSessionUser(user: User): void {
  if (session.status === 'signed-in') setSession({ status: 'signed-in', user });
}

export function endSession(): void {
  accessToken = undefined;
  void forgetOfflineShifts();
  setSession({ status: 'signed-out' });
}

export function markUnreachable(message: string): void {
  accessToken = undefined;
  setSession({ status: 'unreachable', message });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session {
  return useSyncExternalStore(subscribe, getSession);
}
