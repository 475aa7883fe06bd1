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
