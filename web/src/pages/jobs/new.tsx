import { useLocation } from 'wouter';
import { JobForm } from '../../components/jobs/job-form';

export default function NewJob() {
  const [, navigate] = useLocation();
  return (
    <section className="narrow">
      <h1>Post a job</h1>
      <p className="lead">Verified professionals who hold the role and are free at that time see it at once.</p>
      <JobForm onSaved={(job) => navigate(`/jobs/${job.id}?posted=1`)} />
    </section>
  );
}
