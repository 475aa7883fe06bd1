import { useEffect, useState } from 'react';
import { formatKampalaDateTime } from '../lib/format';
import { readOfflineShifts, type OfflineShifts } from '../lib/offline-shifts';
import { JobSummary } from './jobs/job-summary';

/** Loaded on demand: only a page that cannot reach the server shows it. */
/** Without the server, the caller's upcoming shifts as last seen, and when that was. */
export default function OfflineShiftList() {
  const [shifts, setShifts] = useState<OfflineShifts | null>();
  useEffect(() => {
    void readOfflineShifts().then(
      (found) => setShifts(found ?? null),
      () => setShifts(null),
    );
  }, []);
  if (!shifts) return null;
  return (
    <section aria-labelledby="offline-shifts-heading">
      <h2 id="offline-shifts-heading">Your upcoming shifts</h2>
      <p className="lead">Last updated {formatKampalaDateTime(shifts.updatedAt)}, Kampala time. Details may have changed since.</p>
      {shifts.jobs.length > 0 ? (
        <ul className="plain-list">
          {shifts.jobs.map((job) => (
            <JobSummary key={job.id} job={job} />
          ))}
        </ul>
      ) : (
        <p>No upcoming shifts.</p>
      )}
    </section>
  );
}
