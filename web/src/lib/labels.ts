import type { DocType, DocumentStatus } from '@contracts/documents';
import { PASSWORD_MIN_LENGTH } from '@contracts/password-policy';
import type { UserRole } from '../api/session';

export const ROLE_LABELS: Record<UserRole, string> = {
  institution: 'Institution',
  professional: 'Professional',
  admin: 'Administrator',
};

export const STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  suspended: 'Suspended',
  erased: 'Deleted',
};

export const DOC_TYPE_LABELS: Record<DocType, string> = {
  nin: 'National ID (NIN)',
  certificate: 'Certificate',
  license: 'Practising licence',
};

export const DOC_STATUS_LABELS: Record<DocumentStatus, string> = {
  pending: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Rejected',
  superseded: 'Replaced',
};

/** Index = weekday as the API counts it (0 = Sunday). */
export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** "lab technician" → "Lab technician": the vocabulary is stored lower-case. */
export const capitalise = (term: string) => term.charAt(0).toUpperCase() + term.slice(1);

/** What a new password must be, shown beside every field that sets one. */
export const NEW_PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. Not a common password, and not containing your email address. A short sentence is easy to remember.`;
