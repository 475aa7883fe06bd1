import { formatUgx } from '../../contracts/money.js';
import type { NotificationType } from '../../contracts/notifications.js';
import { formatCalendarDate, formatKampalaDateTime } from '../../contracts/time.js';
import { escapeHtml } from '../../platform/html.js';
import { fitSegment, shortJobPath } from '../sms/service.js';

export interface RenderedNotification {
  title: string;
  body: string;
  /** Path in the web app; made absolute with PUBLIC_URL. */
  path: string;
}

export interface RenderedMessage {
  subject: string;
  link: string;
  text: string;
  html: string;
  sms: string;
}

export const DOCUMENT_LABELS: Record<string, string> = {
  nin: 'National ID (NIN)',
  certificate: 'certificate',
  license: 'practising licence',
};

type Data = Record<string, unknown>;
const text = (data: Data, key: string): string | undefined =>
  typeof data[key] === 'string' && data[key] !== '' ? (data[key] as string) : undefined;
const number = (data: Data, key: string): number | undefined => (typeof data[key] === 'number' ? (data[key] as number) : undefined);

/** "the nurse shift on Tue 1 Dec 2026, 08:00", from whatever facts the event carried. */
function shift(data: Data): string {
  const role = text(data, 'jobRole');
  const startsAt = text(data, 'startsAt');
  return `the ${role ? `${role} ` : ''}shift${startsAt ? ` on ${formatKampalaDateTime(startsAt)}` : ''}`;
}

const jobPath = (data: Data) => (text(data, 'jobId') ? `/jobs/${text(data, 'jobId')}` : '/jobs');

const TEMPLATES: Record<NotificationType, (data: Data) => RenderedNotification> = {
  'job.accepted': (data) => ({
    title: 'Your shift was accepted',
    body: `${text(data, 'professionalName') ?? 'A verified professional'} accepted ${shift(data)}. ${data.funded === true ? 'It is already paid for, so the booking stands.' : 'Pay to confirm the booking.'}`,
    path: jobPath(data),
  }),
  'job.cancelled': (data) => {
    const by = text(data, 'cancelledBy');
    const reason = text(data, 'reason');
    const latePay = number(data, 'latePay');
    return {
      title: 'A shift was cancelled',
      body: `${capitalise(shift(data))} was cancelled${by && by !== 'qgig' ? ` by the ${by === 'admin' ? 'Qgig team' : by}` : ''}.${latePay ? ` As it was cancelled late, you are paid ${formatUgx(latePay)} to your mobile money.` : ''}${reason ? ` Reason: ${reason}` : ''}`,
      path: jobPath(data),
    };
  },
  'job.no_check_in': (data) => ({
    title: 'Nobody has checked in',
    body: `${text(data, 'professionalName') ?? 'The professional'} has not checked in to ${shift(data)}, which started 30 minutes ago. You may mark it a no-show for a full refund, or complete it after its end.`,
    path: jobPath(data),
  }),
  'job.payment_reminder': (data) => {
    const total = number(data, 'total');
    return {
      title: 'Pay to keep your booking',
      body: `${capitalise(shift(data))} starts within 24 hours and is not paid for yet${total ? ` (${formatUgx(total)})` : ''}. Unpaid at its start, it is cancelled.`,
      path: jobPath(data),
    };
  },
  'job.confirm_reminder': (data) => ({
    title: "Confirm you'll be there",
    body: `Confirm ${shift(data)}: reply CONFIRM, or press Confirm on its page.`,
    path: jobPath(data),
  }),
  'job.released': (data) => ({
    title: 'You were released from a shift',
    body: `You had not confirmed ${shift(data)}, so the institution released you from it. This costs you nothing.`,
    path: jobPath(data),
  }),
  'payment.received': (data) => ({
    title: 'Payment received',
    body: `${formatUgx(number(data, 'amount') ?? 0)} was paid for ${shift(data)}.`,
    path: jobPath(data),
  }),
  'payment.failed': (data) => {
    const amount = number(data, 'amount');
    const reason = text(data, 'reason');
    return {
      title: 'Payment did not go through',
      body: `The payment${amount ? ` of ${formatUgx(amount)}` : ''} for ${shift(data)} failed${sentenceTail(reason)} You can try again.`,
      path: jobPath(data),
    };
  },
  'payout.sent': (data) => ({
    title: 'Payout sent',
    body: `${formatUgx(number(data, 'amount') ?? 0)} was sent to your mobile money for ${shift(data)}.`,
    path: '/payouts',
  }),
  'document.approved': (data) => ({
    title: 'Document approved',
    body: `Your ${documentLabel(data)} was approved.${data.verified === true ? ' You are now verified and can accept shifts.' : ''}`,
    path: '/documents',
  }),
  'document.rejected': (data) => ({
    title: 'Document rejected',
    body: `Your ${documentLabel(data)} was rejected${sentenceTail(text(data, 'reason'))} Please upload a new one.`,
    path: '/documents',
  }),
  'document.expiring': (data) => {
    const daysLeft = number(data, 'daysLeft');
    return {
      title: 'Your document expires soon',
      body: `Your ${documentLabel(data)} expires on ${calendarDate(data)}${daysLeft ? `, in ${daysLeft} day${daysLeft === 1 ? '' : 's'}` : ''}. Upload the renewed one before then so you can keep taking shifts.`,
      path: '/documents',
    };
  },
  'document.expired': (data) => ({
    title: 'Your document expired',
    body: `Your ${documentLabel(data)} expired on ${calendarDate(data)}.${data.verified === false ? ' You cannot accept shifts until a new one is approved.' : ''} Upload a new one.`,
    path: '/documents',
  }),
  'job.assignee_unverified': (data) => ({
    title: 'Your professional is no longer verified',
    body: `${text(data, 'professionalName') ?? 'The professional'}, who holds ${shift(data)}, is no longer verified: their ${documentLabel(data)} expired. They can upload a renewed one; you can message them from the shift.`,
    path: jobPath(data),
  }),
  'rating.received': (data) => ({
    title: 'You received a rating',
    body: `${text(data, 'raterName') ?? 'Someone'} rated you ${number(data, 'stars') ?? '?'} of 5 for ${shift(data)}.`,
    path: jobPath(data),
  }),
  'rating.reminder': (data) => ({
    title: 'How did the shift go?',
    body: `Please rate ${text(data, 'otherPartyName') ?? 'the other party'} for ${shift(data)}.`,
    path: jobPath(data),
  }),
  'reliability.changed': (data) => {
    const restrictedUntil = text(data, 'restrictedUntil');
    return {
      title: 'Your reliability score changed',
      body: `${RELIABILITY_CAUSES[text(data, 'kind') ?? ''] ?? 'A shift'} ${shift(data)} ${signedPoints(number(data, 'points') ?? 0)}: your score is now ${number(data, 'score') ?? '?'} of 100.${restrictedUntil ? ` Until ${formatKampalaDateTime(restrictedUntil)} you see and accept only the shifts of institutions that made you a favourite.` : ''}`,
      path: '/reliability',
    };
  },
  'reliability.appeal_decided': (data) => {
    const accepted = data.accepted === true;
    return {
      title: accepted ? 'Your appeal was accepted' : 'Your appeal was not accepted',
      body: `Your appeal about ${shift(data)} was ${accepted ? `accepted and ${number(data, 'points') ?? 0} points were given back` : 'not accepted'}${sentenceTail(text(data, 'note'))} Your score is ${number(data, 'score') ?? '?'} of 100.`,
      path: '/reliability',
    };
  },
  'job.offered': (data) => ({
    title: 'A shift offered to you first',
    body: `${text(data, 'institutionName') ?? 'An institution'} marked you a favourite and offers you ${shift(data)} before anyone else.`,
    path: jobPath(data),
  }),
};

const RELIABILITY_CAUSES: Record<string, string> = {
  completed: 'Completing',
  gave_back: 'Giving back',
  no_show: 'Not coming to',
};

const signedPoints = (points: number) => (points >= 0 ? `added ${points} points` : `cost ${-points} points`);

export function renderNotification(type: string, data: Data): RenderedNotification {
  const template = TEMPLATES[type as NotificationType];
  return template ? template(data) : { title: 'Qgig update', body: 'Something changed in your account.', path: '/' };
}

/** The same notice as an email (plain text and escaped HTML) and an SMS (one GSM-7 segment with a short link where it can). */
export function renderMessage(type: string, data: Data, publicUrl: string, recipientName: string): RenderedMessage {
  const notice = renderNotification(type, data);
  const link = `${publicUrl}${notice.path}`;
  const jobId = text(data, 'jobId');
  const email = renderEmail({ recipientName, title: notice.title, body: notice.body, link, linkLabel: 'Open Qgig' });
  return { ...email, link, sms: fitSegment(`Qgig: ${notice.body}`, jobId ? `${publicUrl}${shortJobPath(jobId)}` : link) };
}

export interface EmailContent {
  recipientName: string;
  title: string;
  body: string;
  link: string;
  linkLabel: string;
  /** A closing line; by default, why the email came. */
  footer?: string;
}

/** One email in Qgig's layout, as HTML and plain text. */
export function renderEmail(content: EmailContent): { subject: string; text: string; html: string } {
  const footer = content.footer ?? 'You receive this because you have a Qgig account.';
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:32rem;margin:0 auto;padding:1rem">
<p>Hello ${escapeHtml(content.recipientName)},</p>
<h1 style="font-size:1.2rem">${escapeHtml(content.title)}</h1>
<p>${escapeHtml(content.body)}</p>
<p><a href="${escapeHtml(content.link)}" style="display:inline-block;background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none">${escapeHtml(content.linkLabel)}</a></p>
<p style="color:#555;font-size:.85rem">${escapeHtml(footer)}</p></body></html>`;
  return {
    subject: content.title,
    html,
    text: `Hello ${content.recipientName},\n\n${content.body}\n\n${content.linkLabel}: ${content.link}\n\n${footer}\n`,
  };
}

function calendarDate(data: Data): string {
  const date = text(data, 'expiresOn');
  return date ? formatCalendarDate(date) : 'its expiry date';
}

function documentLabel(data: Data): string {
  return DOCUMENT_LABELS[text(data, 'docType') ?? ''] ?? 'document';
}

/** ": reason." or just "." to end a sentence, whether or not the reason already ends in a stop. */
function sentenceTail(reason: string | undefined): string {
  if (!reason) return '.';
  return `: ${reason}${/[.!?]$/.test(reason) ? '' : '.'}`;
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
