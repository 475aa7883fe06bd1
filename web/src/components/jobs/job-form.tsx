import { UGANDA_DISTRICTS } from '@contracts/districts';
import { JobBody, JobPatch, MAX_DESCRIPTION_LENGTH, type JobView, type PricingView } from '@contracts/jobs';
import { MAX_CHARGE, priceShift, shiftMinutes } from '@contracts/pricing';
import { clockToMinutes, MAX_SKILLS, normaliseTerm, PROFESSIONAL_ROLES, type RATE_UNITS } from '@contracts/profiles';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/client';
import { ChipInput } from '../chip-input';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../fields';
import { RateFields } from '../rate-fields';
import { Form } from '../form';
import { endsNextDay, formatPrice, LONG_SHIFT_MINUTES, recentTwin } from '../../lib/jobs';
import { formatUGX } from '../../lib/format';
import { useApi } from '../../lib/use-api';
import { capitalise } from '../../lib/labels';
import { toNumber, validate, validationError } from '../../lib/validate';

const ROLE_CHOICES = PROFESSIONAL_ROLES.map((role) => ({ value: role, label: capitalise(role) }));

/** Posts a new job, or edits `job` (only while it is open); `onSaved` gets the job as the server keeps it. */
export function JobForm({ job, onSaved }: { job?: JobView; onSaved: (saved: JobView) => void }) {
  const [skills, setSkills] = useState<string[]>(job?.skills ?? []);
  const [times, setTimes] = useState({ start: job?.startTime ?? '', end: job?.endTime ?? '' });
  const [rate, setRate] = useState({ amount: job?.rateAmount ?? 0, unit: job?.rateUnit ?? 'day' });

  const [twin, setTwin] = useState<JobView>();

  async function save(data: FormData) {
    const values = {
      role: data.get('role') || undefined,
      skills,
      description: data.get('description'),
      date: data.get('date') || undefined,
      startTime: data.get('startTime') || undefined,
      endTime: data.get('endTime') || undefined,
      rateAmount: toNumber(data.get('rateAmount')),
      rateUnit: data.get('rateUnit') ?? undefined,
      district: data.get('district') || undefined,
    };
    if (job) {
      const patch = validate(JobPatch, values);
      confirmLength(data);
      onSaved(await api.patch<JobView>(`/jobs/${job.id}`, patch));
      return;
    }
    const body = validate(JobBody, values);
    confirmLength(data);
    await confirmNotTwin(body, data);
    onSaved(await api.post<JobView>('/jobs', body));
  }

  function confirmLength(data: FormData) {
    if (longHours !== undefined && data.get('confirmLength') !== 'on') {
      throw validationError([
        { path: 'confirmLength', message: `This shift is ${longHours} hours long. Tick the box if it is, or correct the times.` },
      ]);
    }
  }

  /** A second posting of the same shift within a minute is usually a repeated tap: it is sent only once confirmed. */
  async function confirmNotTwin(body: JobBody, data: FormData) {
    if (data.get('confirmTwin') === 'on') return;
    const recent = await api.get<{ items: JobView[] }>('/me/jobs?status=open&limit=100');
    const found = recentTwin(recent.items, body, Date.now());
    setTwin(found);
    if (found)
      throw validationError([
        { path: 'confirmTwin', message: 'You posted this same shift less than a minute ago. Tick the box to post it a second time.' },
      ]);
  }

  const overnight = times.start !== '' && times.end !== '' && times.start !== times.end && endsNextDay(times.start, times.end);
  const minutes =
    times.start !== '' && times.end !== '' && times.start !== times.end
      ? shiftMinutes(clockToMinutes(times.start), clockToMinutes(times.end))
      : 0;
  // Asked again on an edit only when the times change.
  const timesChanged = !job || times.start !== job.startTime || times.end !== job.endTime;
  const longHours = timesChanged && minutes > LONG_SHIFT_MINUTES ? Math.round((minutes / 60) * 10) / 10 : undefined;
  return (
    <Form
      onSubmit={save}
      submitLabel={job ? 'Save changes' : 'Post the job'}
      pendingLabel="Saving…"
      label={job ? 'Edit the job' : 'Post a job'}
    >
      <SelectField
        name="role"
        label="Role needed"
        options={ROLE_CHOICES}
        placeholder="Choose a role"
        defaultValue={job?.role ?? ''}
        required
      />
      <ChipInput
        name="skills"
        label="Skills wanted (optional)"
        hint={`Professionals holding them rank higher. Separate them with commas or press Enter; at most ${MAX_SKILLS}.`}
        values={skills}
        onChange={setSkills}
        normalise={normaliseTerm}
        addLabel="Add skill"
      />
      <TextAreaField
        name="description"
        label="Description (optional)"
        hint="What the shift involves, where to report, whom to ask for."
        defaultValue={job?.description}
        maxLength={MAX_DESCRIPTION_LENGTH}
      />
      <TextField name="date" label="Date (Kampala)" type="date" defaultValue={job?.date} required />
      <div className="field-pair">
        <TextField
          name="startTime"
          label="Starts at"
          type="time"
          value={times.start}
          onChange={(event) => setTimes({ ...times, start: event.target.value })}
          required
        />
        <TextField
          name="endTime"
          label="Ends at"
          type="time"
          value={times.end}
          onChange={(event) => setTimes({ ...times, end: event.target.value })}
          hint={overnight ? 'Ends the next day (overnight shift).' : 'Kampala time. An end before the start means the next day.'}
          required
        />
      </div>
      {longHours !== undefined && (
        <CheckboxField
          name="confirmLength"
          label={`Yes, this shift is ${longHours} hours long`}
          hint={`From ${times.start} to ${times.end}${overnight ? ' the next day' : ''}: longer than 12 hours.`}
        />
      )}
      <div onChange={(event) => setRate(rateIn(event.currentTarget))}>
        <RateFields label="Pay in Uganda shillings" unitLegend="Paid" amount={job?.rateAmount} unit={job?.rateUnit} />
      </div>
      <PricePreview rateAmount={rate.amount} rateUnit={rate.unit} startTime={times.start} endTime={times.end} />
      <SelectField
        name="district"
        label="District"
        options={UGANDA_DISTRICTS}
        placeholder="Choose a district"
        defaultValue={job?.district ?? ''}
        required
      />
      {twin && (
        <CheckboxField
          name="confirmTwin"
          label="Yes, post this shift a second time"
          hint={
            <>
              You posted the same shift a moment ago: <Link href={`/jobs/${twin.id}`}>see the one already posted</Link>.
            </>
          }
        />
      )}
    </Form>
  );
}

/** The rate as entered in the rate fields within `element`. */
function rateIn(element: HTMLElement): { amount: number; unit: (typeof RATE_UNITS)[number] } {
  const amount = Number(element.querySelector<HTMLInputElement>('input[name="rateAmount"]')?.value);
  const unit = element.querySelector<HTMLInputElement>('input[name="rateUnit"]:checked')?.value === 'hour' ? 'hour' : 'day';
  return { amount: Number.isInteger(amount) && amount > 0 ? amount : 0, unit };
}

/** What the shift comes to as typed, by the same rule the server charges with. */
function PricePreview({
  rateAmount,
  rateUnit,
  startTime,
  endTime,
}: {
  rateAmount: number;
  rateUnit: (typeof RATE_UNITS)[number];
  startTime: string;
  endTime: string;
}) {
  const pricing = useApi<PricingView>('/pricing');
  if (pricing.status !== 'ready' || rateAmount === 0 || startTime === '' || endTime === '' || startTime === endTime) return null;
  const minutes = shiftMinutes(clockToMinutes(startTime), clockToMinutes(endTime));
  const price = priceShift({ rateAmount, rateUnit, minutes }, pricing.data.platformFeePercent);
  return (
    <p className="field-hint" role="status">
      {price.total > MAX_CHARGE
        ? `That comes to more than ${formatUGX(MAX_CHARGE)}; lower the rate.`
        : `${price.hours} h: ${formatPrice(price)}, charged when a professional accepts (Qgig's fee is ${pricing.data.platformFeePercent}%).`}
    </p>
  );
}
