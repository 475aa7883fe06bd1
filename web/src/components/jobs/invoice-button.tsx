import type { JobStatus, JobView } from '@contracts/jobs';
import { DownloadButton } from '../download-button';

/** The states of a job whose payment went through, so it has an invoice. */
const PAID_STATES: ReadonlySet<JobStatus> = new Set(['paid', 'checked_in', 'checked_out', 'disputed', 'completed', 'no_show']);

/** The job's PDF invoice, for its institution and admins, once it is paid. */
export function InvoiceButton({ job }: { job: Pick<JobView, 'id' | 'status'> }) {
  if (!PAID_STATES.has(job.status)) return null;
  return (
    <DownloadButton
      path={`/jobs/${job.id}/invoice`}
      filename="invoice.pdf"
      label="Download invoice"
      pendingLabel="Preparing the invoice…"
    />
  );
}
