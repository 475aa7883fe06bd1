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
