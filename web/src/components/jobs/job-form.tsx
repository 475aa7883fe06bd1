import { UGANDA_DISTRICTS } from '@contracts/districts';
import { JobBody, JobPatch, MAX_DESCRIPTION_LENGTH, type JobView } from '@contracts/jobs';
import { MAX_SKILLS, normaliseTerm, PROFESSIONAL_ROLES } from '@contracts/profiles';
import { useState } from 'react';
import { api } from '../../api/client';
import { ChipInput } from '../chip-input';
import { SelectField, TextAreaField, TextField } from '../fields';
import { RateFields } from '../rate-fields';
import { Form } from '../form';
import { endsNextDay } from '../../lib/jobs';
import { capitalise } from '../../lib/labels';
import { toNumber, validate } from '../../lib/validate';

const ROLE_CHOICES = PROFESSIONAL_ROLES.map((role) => ({ value: role, label: capitalise(role) }));

/** Posts a new job, or edits `job` (only while it is open); `onSaved` gets the job as the server keeps it. */
export function JobForm({ job, onSaved }: { job?: JobView; onSaved: (saved: JobView) => void }) {
  const [skills, setSkills] = useState<string[]>(job?.skills ?? []);
  const [times, setTimes] = useState({ start: job?.startTime ?? '', end: job?.endTime ?? '' });

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
    onSaved(job ? await api.patch<JobView>(`/jobs/${job.id}`, validate(JobPatch, values)) : await api.post<JobView>('/jobs', validate(JobBody, values)));
  }

  const overnight = times.start !== '' && times.end !== '' && times.start !== times.end && endsNextDay(times.start, times.end);
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
      <RateFields label="Pay in Uganda shillings" unitLegend="Paid" amount={job?.rateAmount} unit={job?.rateUnit} />
      <SelectField name="district" label="District" options={UGANDA_DISTRICTS} placeholder="Choose a district" defaultValue={job?.district ?? ''} required />
    </Form>
  );
}
