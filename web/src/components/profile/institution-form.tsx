import { UGANDA_DISTRICTS } from '@contracts/districts';
import { INSTITUTION_TYPES, InstitutionProfileBody, type InstitutionProfile } from '@contracts/profiles';
import { api } from '../../api/client';
import { SelectField, TextAreaField, TextField } from '../fields';
import { Form } from '../form';
import { capitalise } from '../../lib/labels';
import { validate } from '../../lib/validate';

const TYPE_CHOICES = INSTITUTION_TYPES.map((type) => ({ value: type, label: capitalise(type) }));

export function InstitutionProfileForm({
  profile,
  onSaved,
}: {
  profile: InstitutionProfile | null;
  onSaved: (saved: InstitutionProfile) => void;
}) {
  async function save(data: FormData) {
    const body = validate(InstitutionProfileBody, {
      name: data.get('name'),
      type: data.get('type') || undefined,
      address: data.get('address'),
      district: data.get('district'),
      contactName: data.get('contactName'),
      contactPhone: data.get('contactPhone'),
    });
    onSaved(await api.put<InstitutionProfile>('/me/institution', body));
  }

  return (
    <Form onSubmit={save} submitLabel="Save profile" pendingLabel="Saving…">
      <TextField name="name" label="Institution name" defaultValue={profile?.name} autoComplete="organization" required />
      <SelectField
        name="type"
        label="Kind of institution"
        options={TYPE_CHOICES}
        placeholder="Choose one"
        defaultValue={profile?.type ?? ''}
        required
      />
      <TextAreaField
        name="address"
        label="Address"
        rows={3}
        defaultValue={profile?.address}
        hint="Street, village or landmark: where professionals report."
        required
      />
      <SelectField
        name="district"
        label="District"
        options={UGANDA_DISTRICTS}
        placeholder="Choose a district"
        defaultValue={profile?.district ?? ''}
        required
      />
      <TextField name="contactName" label="Contact person" defaultValue={profile?.contactName} autoComplete="name" required />
      <TextField
        name="contactPhone"
        label="Contact phone number"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        defaultValue={profile?.contactPhone}
        hint="Shared with a professional only once they are assigned a shift."
        required
      />
    </Form>
  );
}
