import type { PublicInstitution } from '@contracts/profiles';
import { useParams } from 'wouter';
import { Details } from '../components/details';
import { Loaded } from '../components/status';
import { formatKampalaDate } from '../lib/format';
import { describeCancellationRate, describeRating } from '../lib/institutions';
import { capitalise } from '../lib/labels';
import { percent } from '../lib/jobs';
import { useApi } from '../lib/use-api';

/** An institution's public profile: what a professional weighs before taking one of its shifts. */
export default function InstitutionPage() {
  const { id } = useParams<{ id: string }>();
  const institution = useApi<PublicInstitution>(`/institutions/${id}`);
  return (
    <Loaded resource={institution} label="Loading the institution…">
      {(loaded) => (
        <>
          <h1>{loaded.name}</h1>
          <section className="card" aria-label="About the institution">
            <Details
              items={[
                ['Type', capitalise(loaded.type)],
                ['District', loaded.district],
                ['Rating', describeRating(loaded)],
                ['Cancellations', describeCancellations(loaded)],
                ['On Qgig since', formatKampalaDate(loaded.memberSince)],
              ]}
            />
          </section>
          <p>
            Cancellations count the shifts professionals took in the last {loaded.cancellationRateDays} days that the institution then
            cancelled, or left unpaid until their start. When an institution cancels a paid shift late, you are still paid part of the pay.
          </p>
        </>
      )}
    </Loaded>
  );
}

function describeCancellations({ acceptedJobs, cancelledJobs, cancellationRate, cancellationRateDays }: PublicInstitution): string {
  if (cancellationRate === null) return describeCancellationRate(null, cancellationRateDays);
  return `${cancelledJobs} of the ${acceptedJobs} ${acceptedJobs === 1 ? 'shift' : 'shifts'} professionals took in the last ${cancellationRateDays} days (${percent(cancellationRate)}).`;
}
