import { UGANDA_DISTRICTS } from '@contracts/districts';
import { JobBody, JobPatch, MAX_DESCRIPTION_LENGTH, type JobView } from '@contracts/jobs';
import { MAX_SKILLS, normaliseTerm, PROFESSIONAL_ROLES } from '@contracts/profiles';
import { useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/client';
import { ChipInput } from '../chip-input';
import { CheckboxField, SelectField, TextAreaField, TextField } from '../fields';
import { RateFields } from '../rate-fields';
import { Form } from '../form';
import { endsNextDay, LONG_SHIFT_MINUTES, recentTwin, shiftMinutes } from '../../lib/jobs';
import { capitalise } from '../../lib/labels';
import { toNumber, validate, validationError } from '../../lib/validate';

const ROLE_CHOICES = PROFESSIONAL_ROLES.map((role) => ({ value: role, label: capitalise(role) }));

/** Posts a new job, or edits `job` (only while it is open); `onSaved` gets the job as the server keeps it. */
export function JobForm({ job, onSaved }: { job?: JobView; onSaved: (saved: JobView) => void }) {
  const [skills, setSkills] = useState<string[]>(job?.skills ?? []);
  const [times, setTimes] = useState({ start: job?.startTime ?? '', end: job?.endTime ?? '' });

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
      throw validationError([{ path: 'confirmLength', message: `This shift is ${longHours} hours long. Tick the box if it is, or correct the times.` }]);
    }
  }

  /** A second posting of the same shift within a minute is usually a repeated tap: it is sent only once confirmed. */
  async function confirmNotTwin(body: JobBody, data: FormData) {
    if (data.get('confirmTwin') === 'on') return;
    const recent = await api.get<{ items: JobView[] }>('/me/jobs?status=open&limit=100');
    const found = recentTwin(recent.items, body, Date.now());
    setTwin(found);
    if (found) throw validationError([{ path: 'confirmTwin', message: 'You posted this same shift less than a minute ago. Tick the box to post it a second time.' }]);
  }

  const overnight = times.start !== '' && times.end !== '' && times.start !== times.end && endsNextDay(times.start, times.end);
  const minutes = times.start !== '' && times.end !== '' && times.start !== times.end ? shiftMinutes(times.start, times.end) : 0;
  // Asked again on an edit only when the times change.
  const timesChanged = !job || times.start !== job.startTime || times.end !== job.endTime;
  const longHours = timesChanged && minutes > LONG_SHIFT_MINUTES ? Math.round((minutes / 60) * 10) / 10 : undefined;
  return (
    <Form onSubmit={save} submitLabel={job ? 'Save changes' : 'Post the job'} pendingLabel="Saving…" label={job ? 'Edit the job' : 'Post a job'}>
      <SelectField name="role" label="Role needed" options={ROLE_CHOICES} placeholder="Choose a role" defaultValue={job?.role ?? ''} required />
      <ChipInput
        name="skills"
        label="Skills wanted (optional)"
        hint={`Professionals holding them rank higher. Separate them with commas or press Enter; at most ${MAX_SKILLS}.`}
        values={skills}
        onChange={setSkills}
        normalise={normaliseTerm}
        addLabel="Add skill"
      />
      <TextAreaField name="description" label="Description (optional)" hint="What the shift involves, where to report, whom to ask for." defaultValue={job?.description} maxLength={MAX_DESCRIPTION_LENGTH} />
      <TextField name="date" label="Date (Kampala)" type="date" defaultValue={job?.date} required />
      <div className="field-pair">
        <TextField name="startTime" label="Starts at" type="time" value={times.start} onChange={(event) => setTimes({ ...times, start: event.target.value })} required />
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
      <RateFields label="Pay in Uganda shillings" unitLegend="Paid" amount={job?.rateAmount} unit={job?.rateUnit} />
      <SelectField name="district" label="District" options={UGANDA_DISTRICTS} placeholder="Choose a district" defaultValue={job?.district ?? ''} required />
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
