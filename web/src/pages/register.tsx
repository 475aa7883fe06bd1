import { RegisterBody } from '@contracts/accounts';
import { CONSENT_TEXT, CONSENT_VERSION } from '@contracts/privacy';
import { Link, useLocation, useSearch } from 'wouter';
import { register } from '../api/auth';
import { CheckboxField, PasswordField, RadioGroup, TextField } from '../components/fields';
import { PhoneField } from '../components/phone-fields';
import { Form } from '../components/form';
import { NEW_PASSWORD_HINT } from '../lib/labels';
import { validate } from '../lib/validate';
import { HOME_PATH } from '../routes';

const ROLE_CHOICES = [
  { value: 'institution', label: 'An institution', hint: 'A school, clinic, hospital or household that needs cover' },
  { value: 'professional', label: 'A professional', hint: 'A teacher, nurse or caregiver looking for shifts' },
];

export default function Register() {
  const [, navigate] = useLocation();
  const requestedRole = new URLSearchParams(useSearch()).get('role');

  async function createAccount(data: FormData) {
    const body = validate(RegisterBody, {
      role: data.get('role') ?? undefined,
      name: data.get('name'),
      email: data.get('email'),
      phone: data.get('phone'),
      password: data.get('password'),
      consent: data.get('consent') === 'on',
    });
    await register(body);
    navigate(HOME_PATH, { replace: true });
  }

  return (
    <section className="narrow">
      <h1>Create your Qgig account</h1>
      <Form onSubmit={createAccount} submitLabel="Create account" pendingLabel="Creating your account…">
        <RadioGroup name="role" legend="Who is registering?" choices={ROLE_CHOICES} defaultValue={requestedRole ?? undefined} />
        <TextField
          name="name"
          label="Your full name"
          autoComplete="name"
          required
          hint="Institutions: the name of the person who will manage shifts."
        />
        <TextField name="email" label="Email address" type="email" autoComplete="email" inputMode="email" required />
        <PhoneField />
        <PasswordField name="password" label="Password" autoComplete="new-password" required hint={NEW_PASSWORD_HINT} />
        <section className="consent" aria-labelledby="consent-heading">
          <h2 id="consent-heading">Privacy notice</h2>
          <p id="consent-text">{CONSENT_TEXT}</p>
          <p className="field-hint">Notice version {CONSENT_VERSION}.</p>
        </section>
        <CheckboxField name="consent" label="I have read the privacy notice and I accept it" required aria-describedby="consent-text" />
      </Form>
      <p>
        Already registered? <Link href="/login">Sign in</Link>.
      </p>
    </section>
  );
}
