import { UGANDA_DISTRICTS } from '@contracts/districts';
import { MAX_SKILLS, normaliseTerm, PROFESSIONAL_ROLES, ProfessionalProfileBody, type ProfessionalProfile } from '@contracts/profiles';
import { useState } from 'react';
import { api } from '../../api/client';
import { ChipInput } from '../chip-input';
import { CheckboxGroup, SelectField, TextAreaField, TextField } from '../fields';
import { RateFields } from '../rate-fields';
import { Form } from '../form';
import { formatCalendarDate } from '../../lib/format';
import { capitalise } from '../../lib/labels';
import { toNumber, validate } from '../../lib/validate';
import { AvailabilityEditor, toSlotRow, type SlotRow } from './availability-editor';

const ROLE_CHOICES = PROFESSIONAL_ROLES.map((role) => ({ value: role, label: capitalise(role) }));

export function ProfessionalProfileForm({
  profile,
  onSaved,
}: {
  profile: ProfessionalProfile | null;
  onSaved: (saved: ProfessionalProfile) => void;
}) {
  const [skills, setSkills] = useState<string[]>(profile?.skills ?? []);
  const [rows, setRows] = useState<SlotRow[]>(() => (profile?.availability ?? []).map(toSlotRow));
  const [blackoutDates, setBlackoutDates] = useState<string[]>(profile?.blackoutDates ?? []);

  async function save(data: FormData) {
    const body = validate(ProfessionalProfileBody, {
      bio: data.get('bio'),
      roles: data.getAll('roles'),
      skills,
      experienceYears: toNumber(data.get('experienceYears')),
      rateAmount: toNumber(data.get('rateAmount')),
      rateUnit: data.get('rateUnit') ?? undefined,
      district: data.get('district'),
      availability: rows.map(({ weekday, start, end }) => ({ weekday, start, end })),
      blackoutDates,
    });
    onSaved(await api.put<ProfessionalProfile>('/me/professional', body));
  }

  return (
    <Form onSubmit={save} submitLabel="Save profile" pendingLabel="Saving…">
      <TextAreaField
        name="bio"
        label="About you"
        defaultValue={profile?.bio}
        maxLength={2000}
        hint="Your training and the work you enjoy. Institutions see this."
      />
      <CheckboxGroup name="roles" legend="Roles you can fill" choices={ROLE_CHOICES} defaultValues={profile?.roles} />
      <ChipInput
        name="skills"
        label="Skills"
        hint={`Such as “mathematics”, “first aid” or “sign language”. Separate them with commas or press Enter; at most ${MAX_SKILLS}.`}
        values={skills}
        onChange={setSkills}
        normalise={normaliseTerm}
        addLabel="Add skill"
      />
      <TextField
        name="experienceYears"
        label="Years of experience"
        type="number"
        inputMode="numeric"
        min={0}
        max={60}
        defaultValue={profile?.experienceYears ?? ''}
        required
      />
      <RateFields label="Your rate in Uganda shillings" unitLegend="Charged" amount={profile?.rateAmount} unit={profile?.rateUnit} />
      <SelectField
        name="district"
        label="District you work in"
        options={UGANDA_DISTRICTS}
        placeholder="Choose a district"
        defaultValue={profile?.district ?? ''}
        required
      />
      <AvailabilityEditor rows={rows} onChange={setRows} />
      <ChipInput
        name="blackoutDates"
        label="Dates you cannot work"
        hint="Holidays and other days off; you will not be offered shifts on them."
        type="date"
        values={blackoutDates}
        onChange={(dates) => setBlackoutDates([...dates].sort())}
        describe={formatCalendarDate}
        addLabel="Add date"
      />
    </Form>
  );
}

/** "" stays undefined (so the schema says "required"); anything else becomes a number for the schema to judge. */
