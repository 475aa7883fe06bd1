import type { JobView } from '@contracts/jobs';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { capitalise } from '../../lib/labels';
import { formatShift, priceDetails, JOB_STATUS_LABELS } from '../../lib/jobs';
import { Details } from '../details';

export function JobStatusBadge({ status }: { status: JobView['status'] }) {
  return <span className={`badge badge-job-${status}`}>{JOB_STATUS_LABELS[status]}</span>;
}

/** A job in a list: its role and institution as a link to its page, when, where and the pay. */
export function JobSummary({ job, children }: { job: JobView; children?: ReactNode }) {
  const headingId = `job-${job.id}`;
  return (
    <li className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <Link href={`/jobs/${job.id}`}>
          {capitalise(job.role)} at {job.institutionName}
        </Link>{' '}
        {job.deletedAt ? <span className="badge badge-job-cancelled">Deleted</span> : <JobStatusBadge status={job.status} />}
      </h2>
      <Details
        items={[
          ['When', formatShift(job)],
          ...priceDetails(job),
          ['District', job.district],
          ...(job.skills.length > 0 ? [['Skills', job.skills.join(', ')] as [string, string]] : []),
        ]}
      />
      {children}
    </li>
  );
}
