import type { AdminMetrics } from '@contracts/admin';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { BarChart } from '../../components/bar-chart';
import { Details } from '../../components/details';
import { Loaded } from '../../components/status';
import { formatKampalaDateTime, formatUGX, KAMPALA } from '../../lib/format';
import { ADMIN_JOB_STATE_CHOICES } from '../../lib/jobs';
import { useApi } from '../../lib/use-api';

const dayLabel = new Intl.DateTimeFormat('en-GB', { timeZone: KAMPALA, day: 'numeric', month: 'short' });
const labelOf = (isoDate: string) => dayLabel.format(new Date(`${isoDate}T12:00:00+03:00`));
const count = (value: number) => value.toLocaleString('en-US');

type Day = AdminMetrics['series'][number];
const CHARTS: { title: string; value: (day: Day) => number; format?: (value: number) => string }[] = [
  { title: 'Jobs posted', value: (day) => day.jobsPosted },
  { title: 'Jobs completed', value: (day) => day.jobsCompleted },
  { title: 'Payments received', value: (day) => day.paymentsCompletedUgx, format: formatUGX },
  { title: 'New users', value: (day) => day.newUsers },
];

export default function AdminOverview() {
  const metrics = useApi<AdminMetrics>('/admin/metrics');
  return (
    <>
      <h1>Overview</h1>
      <Loaded resource={metrics} label="Counting…">
        {({ jobs, payments, users, series, generatedAt }) => (
          <>
            <p className="lead">
              As of {formatKampalaDateTime(generatedAt)}. <Link href="/admin/jobs">See the jobs</Link>.
            </p>
            <div className="columns metrics">
              <section className="card" aria-labelledby="jobs-heading">
                <h2 id="jobs-heading">Jobs</h2>
                <Details
                  items={[
                    ['All jobs', <Link href="/admin/jobs">{count(jobs.total)}</Link>],
                    ...ADMIN_JOB_STATE_CHOICES.map(({ value, label }): [string, ReactNode] => [
                      label,
                      <Link href={`/admin/jobs?status=${value}`}>{count(jobs[value])}</Link>,
                    ]),
                  ]}
                />
                <p className="field-hint">Every job ever posted; a deleted job counts only as deleted.</p>
              </section>
              <section className="card" aria-labelledby="payments-heading">
                <h2 id="payments-heading">Payments</h2>
                <Details
                  items={[
                    ['Received', formatUGX(payments.completedAmount)],
                    ['Attempts', count(payments.count)],
                    ['Pending', count(payments.pendingCount)],
                    ['Failed', count(payments.failedCount)],
                  ]}
                />
              </section>
              <section className="card" aria-labelledby="users-heading">
                <h2 id="users-heading">People</h2>
                <Details
                  items={[
                    ['Institutions', count(users.institutions)],
                    ['Professionals', count(users.professionals)],
                    ['Verified professionals', count(users.verifiedProfessionals)],
                    ['Suspended accounts', count(users.suspended)],
                  ]}
                />
              </section>
            </div>
            <section aria-labelledby="trends-heading">
              <h2 id="trends-heading">The last 30 days</h2>
              <div className="columns">
                {CHARTS.map((chart) => (
                  <div className="card" key={chart.title}>
                    <BarChart
                      title={chart.title}
                      points={series.map((day) => ({ label: labelOf(day.date), value: chart.value(day) }))}
                      format={chart.format ?? count}
                    />
                  </div>
                ))}
              </div>
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}
