import { DateTime } from 'luxon';
import { KAMPALA } from '../../contracts/time.js';
import type { AuthenticatedUser } from '../../platform/auth.js';
import type { AppContext } from '../../platform/context.js';
import type { Transaction } from '../../platform/db.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Attachment } from '../../platform/http.js';
import { loadJob, toJobView } from '../jobs/service.js';
import { renderInvoice } from './invoice-pdf.js';
import * as repo from './repository.js';

export interface PaidJob {
  jobId: string;
  transactionId: string;
  confirmationCode: string | null;
  paidAt: Date;
}

/**
 * The job's invoice, numbered in the Kampala year it was paid: called in the transaction that marks
 * the job paid, so a payment that rolls back takes its number with it and numbers have no gaps.
 */
export async function issueInvoice(tx: Transaction, paid: PaidJob): Promise<repo.InvoiceRow> {
  const existing = await repo.invoiceOfJob(tx, paid.jobId);
  if (existing) return existing;
  const year = DateTime.fromJSDate(paid.paidAt, { zone: KAMPALA }).year;
  return repo.insertInvoice(tx, {
    year,
    sequence: await repo.takeSequence(tx, year),
    jobId: paid.jobId,
    transactionId: paid.transactionId,
    confirmationCode: paid.confirmationCode,
    issuedAt: paid.paidAt,
  });
}

/** GET /jobs/{id}/invoice: the PDF for the job's owner and admins; anyone else learns nothing, not even that the job exists. */
export async function invoiceFile(ctx: AppContext, caller: AuthenticatedUser, jobId: string): Promise<Attachment> {
  const found = await loadJob(ctx.db, jobId);
  if (found.job.institutionId !== caller.id && caller.role !== 'admin') throw notFound('Job');
  const invoice = await repo.invoiceOfJob(ctx.db, jobId);
  if (!invoice) throw new AppError('conflict', 'job-not-paid', 'The job has an invoice once it is paid');
  const view = toJobView(found, caller);
  const bytes = await renderInvoice({
    number: invoice.number,
    issuedAt: invoice.issuedAt,
    institution: { name: found.institutionName, address: found.institutionContact.address, district: found.institutionDistrict },
    shift: { jobId, role: view.role, startsAt: found.job.startsAt, endTime: view.endTime, hours: view.hours },
    pay: view.pay,
    fee: view.fee,
    feePercent: found.job.feePercent,
    total: view.total,
    confirmationCode: invoice.confirmationCode,
  });
  return { bytes, mime: 'application/pdf', filename: `${invoice.number}.pdf` };
}
