import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, passwordProblem } from './password-policy.js';

/** Letters of any script, with the spaces, apostrophes, hyphens and dots real names use. */
export const PersonName = z
  .string()
  .trim()
  .min(2, 'Enter a name of at least 2 characters')
  .max(100)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M}' .\-’]*$/u, 'Use letters, spaces, apostrophes, hyphens and dots only');

export const Email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Enter a valid email address'))
  .transform((email) => email.toLowerCase());

export const Password = z.string().min(1, 'Enter a password').max(PASSWORD_MAX_LENGTH);

/** Checked on the server with libphonenumber; clients may send 0772…, 772… or +256772…. */
export const PhoneInput = z.string().trim().min(7, 'Enter a Ugandan phone number').max(20);

export const SelfServiceRole = z.enum(['institution', 'professional']);
export const Role = z.enum(['institution', 'professional', 'admin']);
export const UserStatus = z.enum(['active', 'suspended', 'erased']);

export const RegisterBody = z
  .object({
    name: PersonName,
    email: Email,
    phone: PhoneInput,
    password: Password,
    role: SelfServiceRole,
    consent: z.literal(true, { error: 'You must accept the privacy notice to register' }),
  })
  .superRefine((body, ctx) => {
    const problem = passwordProblem(body.password, body.email);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type RegisterBody = z.input<typeof RegisterBody>;

/** A new password: the policy's checks that need no email (the server repeats them with it). */
export const NewPassword = Password.superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const LoginBody = z.object({ email: Email, password: Password });
export const RefreshToken = z.string().min(10).max(200);
/** Browsers send `{}` and the token rides in the HttpOnly refresh cookie; other clients send it here. */
export const RefreshBody = z.object({ refreshToken: RefreshToken.optional() });

export const UserView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: Role,
    status: UserStatus,
    /** Whether the owner confirmed the address through the link mailed to it. */
    emailVerified: z.boolean(),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });
export type UserView = z.output<typeof UserView>;

export const AuthResult = z
  .object({
    user: UserView,
    accessToken: z.string(),
    refreshToken: z.string(),
    /** Seconds until the access token expires. */
    expiresIn: z.number().int(),
  })
  .meta({ id: 'AuthResult' });
export type AuthResult = z.output<typeof AuthResult>;

export const ConsentState = z.object({
  version: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  currentVersion: z.string(),
  /** True when the notice changed since the user accepted it: the client asks again. */
  required: z.boolean(),
});
export type ConsentState = z.output<typeof ConsentState>;

/** A single-use token from a link mailed to the user. */
export const LinkToken = z.string().trim().min(10, 'The link is incomplete; open it again from the email').max(200);

/** A code sent by SMS; spaces people type between the digits are dropped. */
export const PhoneCode = z
  .string()
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(z.string().regex(/^[0-9]{6}$/, 'Enter the 6-digit code from the SMS'));

export const OtpRequestBody = z.object({ phone: PhoneInput });
export const OtpVerifyBody = z.object({ phone: PhoneInput, code: PhoneCode });

/** A reset link mailed to `email`, or a code sent by SMS to `phone`: one of the two. */
export const PasswordResetBody = z
  .object({ email: Email.optional(), phone: PhoneInput.optional() })
  .refine((body) => (body.email === undefined) !== (body.phone === undefined), {
    message: 'Give an email address or a phone number, not both',
    path: ['email'],
  });
export type PasswordResetBody = z.input<typeof PasswordResetBody>;
/** `{token, password}` from a mailed link, or `{phone, code, password}` from an SMS. */
export const PasswordResetConfirmBody = z
  .object({ token: LinkToken.optional(), phone: PhoneInput.optional(), code: PhoneCode.optional(), password: NewPassword })
  .refine((body) => (body.token === undefined) !== (body.phone === undefined && body.code === undefined), {
    message: 'Give the token of the link, or the phone number and the code from the SMS',
    path: ['token'],
  })
  .refine((body) => body.token !== undefined || (body.phone !== undefined && body.code !== undefined), {
    message: 'Give the phone number and the code from the SMS',
    path: ['code'],
  });
export type PasswordResetConfirmBody = z.input<typeof PasswordResetConfirmBody>;
export const LinkTokenBody = z.object({ token: LinkToken });

export const RenameBody = z.object({ name: PersonName });
export const ChangePasswordBody = z.object({ current: Password, password: NewPassword });
export type ChangePasswordBody = z.input<typeof ChangePasswordBody>;
export const ChangeEmailBody = z.object({ email: Email, password: Password });
export type ChangeEmailBody = z.input<typeof ChangeEmailBody>;
export const ChangePhoneBody = z.object({ phone: PhoneInput, password: Password });
export type ChangePhoneBody = z.input<typeof ChangePhoneBody>;
export const ConfirmPhoneBody = z.object({ code: PhoneCode });
