import { ApiError } from '../api/problem';

export interface Suspension {
  reason: string | null;
  support: { email: string; phone: string | null };
}

/** Why a sign-in was refused, when it was for a suspended account (403 `account-suspended`). */
export function suspensionOf(error: unknown): Suspension | undefined {
  return error instanceof ApiError && error.code === 'account-suspended' ? (error.problem as unknown as Suspension) : undefined;
}

/** Tells a suspended user why, and how to reach the people who can lift it. */
export function SuspendedNotice({ suspension: { reason, support } }: { suspension: Suspension }) {
  return (
    <div className="message message-error" role="alert">
      <p>
        <strong>Your account is suspended.</strong>
        {reason ? ` Reason given: ${reason}` : ''}
      </p>
      <p>
        To talk about it, contact Qgig support: <a href={`mailto:${support.email}`}>{support.email}</a>
        {support.phone && (
          <>
            {' '}
            or <a href={`tel:${support.phone.replace(/\s/g, '')}`}>{support.phone}</a>
          </>
        )}
        .
      </p>
    </div>
  );
}
