import { lazy, type ComponentType } from 'react';
import type { Session, UserRole } from './api/session';
import Landing from './pages/landing';

/**
 * Who may open a page: `anyone`; `guest` (signed-out only: sign-in and registration); `user` (any
 * signed-in account); or a list of roles.
 */
export type Access = 'anyone' | 'guest' | 'user' | readonly UserRole[];

export interface AppRoute {
  /** wouter pattern, e.g. `/jobs/:id`. */
  path: string;
  /** The document title (" · Qgig" is added). */
  title: string;
  access: Access;
  /** Pages load on demand (React.lazy) except the landing page, which is in the first download. */
  page: ComponentType;
  /** A label puts the page in the signed-in navigation of every role that may open it. */
  nav?: string;
}

export const routes: AppRoute[] = [
  { path: '/', title: '', access: 'anyone', page: Landing },
  { path: '/register', title: 'Create an account', access: 'guest', page: lazy(() => import('./pages/register')) },
  { path: '/login', title: 'Sign in', access: 'guest', page: lazy(() => import('./pages/login')) },
  { path: '/login/code', title: 'Sign in with a code', access: 'guest', page: lazy(() => import('./pages/login-code')) },
  { path: '/forgot-password', title: 'Forgotten password', access: 'anyone', page: lazy(() => import('./pages/forgot-password')) },
  { path: '/reset-password', title: 'Choose a new password', access: 'anyone', page: lazy(() => import('./pages/reset-password')) },
  { path: '/verify-email', title: 'Confirm your email address', access: 'anyone', page: lazy(() => import('./pages/verify-email')) },
  { path: '/confirm-email', title: 'Confirm your new email address', access: 'anyone', page: lazy(() => import('./pages/confirm-email')) },
  { path: '/goodbye', title: 'Account deleted', access: 'anyone', page: lazy(() => import('./pages/goodbye')) },
  { path: '/dashboard', title: 'Home', access: 'user', page: lazy(() => import('./pages/dashboard')), nav: 'Home' },
  {
    path: '/profile',
    title: 'Your profile',
    access: ['professional', 'institution'],
    page: lazy(() => import('./pages/profile')),
    nav: 'Profile',
  },
  {
    path: '/documents',
    title: 'Your documents',
    access: ['professional'],
    page: lazy(() => import('./pages/documents')),
    nav: 'Documents',
  },
  {
    path: '/jobs/recommended',
    title: 'Recommended shifts',
    access: ['professional'],
    page: lazy(() => import('./pages/jobs/recommended')),
    nav: 'Recommended',
  },
  { path: '/jobs', title: 'Find shifts', access: ['professional'], page: lazy(() => import('./pages/jobs/browse')), nav: 'Find shifts' },
  { path: '/jobs/new', title: 'Post a job', access: ['institution'], page: lazy(() => import('./pages/jobs/new')), nav: 'Post a job' },
  {
    path: '/jobs/mine',
    title: 'Your jobs',
    access: ['professional', 'institution'],
    page: lazy(() => import('./pages/jobs/mine')),
    nav: 'My jobs',
  },
  { path: '/jobs/:id/edit', title: 'Edit the job', access: ['institution'], page: lazy(() => import('./pages/jobs/edit')) },
  // After the fixed /jobs/… addresses: the first matching route wins.
  { path: '/jobs/:id', title: 'Job', access: 'user', page: lazy(() => import('./pages/jobs/job')) },
  { path: '/institutions/:id', title: 'Institution', access: 'user', page: lazy(() => import('./pages/institution')) },
  {
    path: '/favourites',
    title: 'Your favourite professionals',
    access: ['institution'],
    page: lazy(() => import('./pages/favourites')),
    nav: 'Favourites',
  },
  { path: '/payouts', title: 'Your payouts', access: ['professional'], page: lazy(() => import('./pages/payouts')), nav: 'Payouts' },
  { path: '/ratings', title: 'Your ratings', access: ['professional'], page: lazy(() => import('./pages/ratings')), nav: 'Ratings' },
  {
    path: '/reliability',
    title: 'Your reliability',
    access: ['professional'],
    page: lazy(() => import('./pages/reliability')),
    nav: 'Reliability',
  },
  { path: '/admin', title: 'Overview', access: ['admin'], page: lazy(() => import('./pages/admin/overview')), nav: 'Overview' },
  { path: '/admin/jobs', title: 'Jobs', access: ['admin'], page: lazy(() => import('./pages/admin/jobs')), nav: 'Jobs' },
  {
    path: '/admin/documents',
    title: 'Document verification',
    access: ['admin'],
    page: lazy(() => import('./pages/admin/verification')),
    nav: 'Verification',
  },
  {
    path: '/admin/professionals',
    title: 'Professionals',
    access: ['admin'],
    page: lazy(() => import('./pages/admin/professionals')),
    nav: 'Professionals',
  },
  { path: '/admin/disputes', title: 'Disputes', access: ['admin'], page: lazy(() => import('./pages/admin/disputes')), nav: 'Disputes' },
  {
    path: '/admin/appeals',
    title: 'Reliability appeals',
    access: ['admin'],
    page: lazy(() => import('./pages/admin/appeals')),
    nav: 'Appeals',
  },
  {
    path: '/admin/payouts',
    title: 'Failed payouts',
    access: ['admin'],
    page: lazy(() => import('./pages/admin/payouts')),
    nav: 'Failed payouts',
  },
  { path: '/admin/ledger', title: 'Ledger', access: ['admin'], page: lazy(() => import('./pages/admin/ledger')), nav: 'Ledger' },
  { path: '/admin/users', title: 'Users', access: ['admin'], page: lazy(() => import('./pages/admin/users')), nav: 'Users' },
  { path: '/admin/audit', title: 'Audit log', access: ['admin'], page: lazy(() => import('./pages/admin/audit')), nav: 'Audit log' },
  { path: '/notifications', title: 'Notifications', access: 'user', page: lazy(() => import('./pages/notifications')) },
  { path: '/dev/mailbox', title: 'Development mailbox', access: 'anyone', page: lazy(() => import('./pages/dev-mailbox')) },
  { path: '/dev/outbox', title: 'Development SMS outbox', access: 'anyone', page: lazy(() => import('./pages/dev-outbox')) },
  { path: '/account', title: 'Your account', access: 'user', page: lazy(() => import('./pages/account')), nav: 'Account' },
];

/** Where signing in lands, and where guest pages send someone already signed in. */
export const HOME_PATH = '/dashboard';

export function mayOpen(access: Access, session: Session): boolean {
  if (access === 'anyone') return true;
  if (access === 'guest') return session.status !== 'signed-in';
  if (session.status !== 'signed-in') return false;
  return access === 'user' || access.includes(session.user.role);
}
