import type { JobView } from '@contracts/jobs';
import { Link, useLocation, useParams } from 'wouter';
import { JobForm } from '../../components/jobs/job-form';
import { Loaded } from '../../components/status';
import { useApi } from '../../lib/use-api';

export default function EditJob() {
  const { id } = useParams<{ id: string }>();
  const [, navigate] = useLocation();
  const job = useApi<JobView>(`/jobs/${id}`);
  return (
    <section className="narrow">
      <h1>Edit the job</h1>
      <Loaded resource={job} label="Loading the job…">
        {(loaded) =>
          loaded.status === 'open' ? (
            <JobForm job={loaded} onSaved={(saved) => navigate(`/jobs/${saved.id}?edited=1`)} />
          ) : (
            <p>
              Only an open job can be changed; this one is {loaded.status}. <Link href={`/jobs/${loaded.id}`}>Back to the job</Link>.
            </p>
          )
        }
      </Loaded>
    </section>
  );
}
