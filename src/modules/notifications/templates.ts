import { formatUgx } from '../../contracts/money.js';
import type { NotificationType } from '../../contracts/notifications.js';
import { formatKampalaDateTime } from '../../contracts/time.js';
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

export const DOCUMENT_LABELS: Record<string, string> = { nin: 'National ID (NIN)', certificate: 'certificate', license: 'practising licence' };

type Data = Record<string, unknown>;
const text = (data: Data, key: string): string | undefined => (typeof data[key] === 'string' && data[key] !== '' ? (data[key] as string) : undefined);
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
    body: `${text(data, 'professionalName') ?? 'A verified professional'} accepted ${shift(data)}. Pay to confirm the booking.`,
    path: jobPath(data),
  }),
  'job.cancelled': (data) => {
    const by = text(data, 'cancelledBy');
    const reason = text(data, 'reason');
    return {
      title: 'A shift was cancelled',
      body: `${capitalise(shift(data))} was cancelled${by ? ` by the ${by === 'admin' ? 'Qgig team' : by}` : ''}.${reason ? ` Reason: ${reason}` : ''}`,
      path: jobPath(data),
    };
  },
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
};

export function renderNotification(type: string, data: Data): RenderedNotification {
  const template = TEMPLATES[type as NotificationType];
  return template ? template(data) : { title: 'Qgig update', body: 'Something changed in your account.', path: '/' };
}

/** The same notice as an email (plain text and escaped HTML) and an SMS (one GSM-7 segment with a short link where it can). */
export function renderMessage(type: string, data: Data, publicUrl: string, recipientName: string): RenderedMessage {
  const notice = renderNotification(type, data);
  const jobId = text(data, 'jobId');
  const smsLink = `${publicUrl}${jobId ? shortJobPath(jobId) : notice.path}`;
  return { ...renderPlainMessage(publicUrl, recipientName, notice.title, notice.body, notice.path), sms: fitSegment(`Qgig: ${notice.body}`, smsLink) };
}

/** An email with a title, a body and a link into the app. */
export function renderPlainMessage(publicUrl: string, recipientName: string, title: string, body: string, path = '/'): RenderedMessage {
  const link = `${publicUrl}${path}`;
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:32rem;margin:0 auto;padding:1rem">
<p>Hello ${escapeHtml(recipientName)},</p>
<h1 style="font-size:1.2rem">${escapeHtml(title)}</h1>
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;background:#0b5cad;color:#fff;padding:.6rem 1rem;border-radius:.4rem;text-decoration:none">Open Qgig</a></p>
<p style="color:#555;font-size:.85rem">You receive this because you have a Qgig account.</p></body></html>`;
  return { subject: title, link, html, text: `Hello ${recipientName},\n\n${body}\n\nOpen Qgig: ${link}\n`, sms: fitSegment(`Qgig: ${body}`, link) };
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
