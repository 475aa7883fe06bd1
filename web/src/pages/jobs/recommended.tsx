import type { RecommendedJobView } from '@contracts/jobs';
import { Link } from 'wouter';
import { JobSummary } from '../../components/jobs/job-summary';
import { ScoreBar } from '../../components/jobs/score-bar';
import { Loaded } from '../../components/status';
import { useApi } from '../../lib/use-api';

export default function RecommendedJobs() {
  const recommended = useApi<{ items: RecommendedJobView[] }>('/me/recommended-jobs');
  return (
    <>
      <h1>Recommended shifts</h1>
      <p className="lead">
        Open shifts for your roles that fit the hours you are free, best match first. The match weighs your skills (half), experience and
        ratings. <Link href="/jobs">Browse every open shift</Link>.
      </p>
      <Loaded resource={recommended} label="Finding shifts for you…">
        {({ items }) =>
          items.length === 0 ? (
            <p>
              No shifts fit you right now. Check that your <Link href="/profile">profile</Link> lists your roles and the hours you are free.
            </p>
          ) : (
            <ul className="plain-list">
              {items.map(({ job, score, parts, ratingCount }) => (
                <JobSummary key={job.id} job={job}>
                  <ScoreBar score={score} parts={parts} rated={ratingCount > 0} />
                </JobSummary>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}
